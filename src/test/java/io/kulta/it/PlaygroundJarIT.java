package io.kulta.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kulta.model.Rollout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code java -jar target/kulta.jar playground} as a user runs it, without a TTY (stdout to a file). */
class PlaygroundJarIT {
    @TempDir
    Path tmp;

    @Test
    void withoutATtyItPrintsOneLinePerTransitionThenTheSummaryAndExitsZero() throws Exception {
        Process p = playground("--scenario", "canary,abort");
        try {
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("ends by itself").isTrue();
            List<String> out = Files.readAllLines(tmp.resolve("out"));
            System.out.println(String.join("\n", out));

            assertThat(p.exitValue()).isZero();
            assertThat(out).noneMatch(l -> l.contains("\033[")).as("no ANSI without a TTY");
            assertThat(out).anyMatch(l -> l.matches(" *[0-9.]+s canary +kulta-demo +Paused +step 1/3 +weight +20% .*kulta.io/promote.*"));
            assertThat(out).anyMatch(l -> l.matches(" *[0-9.]+s canary +kulta-demo +Paused +step 2/3 +weight +50% .*"));
            assertThat(out).anyMatch(l -> l.matches(" *[0-9.]+s abort +kulta-demo +Aborted .*"));
            assertThat(out).filteredOn(l -> l.matches(" *[0-9.]+s canary .* Paused +step 1/3 +weight +20%.*"))
                    .as("one line per transition, not per redraw").hasSize(1);
            assertThat(out).anyMatch(l -> l.matches("canary +Completed, stable shop:2.0.0 +Completed, stable shop:2.0.0 +[0-9.]+s +ok"));
            assertThat(out).anyMatch(l -> l.matches("abort +Aborted, stable shop:1.0.0 +Aborted, stable shop:1.0.0 +[0-9.]+s +ok"));
            assertThat(out).contains("all 2 scenarios ended as expected");
            Path log = Path.of(printed(out, "logs:"));
            assertThat(Files.readString(log)).as("the logs went to the printed file").contains("Apache Camel");
            assertThat(Files.readString(tmp.resolve("err"))).isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void withKeepItStaysUpForKubectlAndCtrlCStopsEverythingItStarted() throws Exception {
        Process p = playground("--scenario", "bad-canary", "--keep");
        List<ProcessHandle> started = List.of();
        try {
            await().atMost(120, TimeUnit.SECONDS).until(() -> Files.readString(tmp.resolve("out")).contains("kubectl --kubeconfig"));
            List<String> out = Files.readAllLines(tmp.resolve("out"));
            Path kubeconfig = Path.of(printed(out, "Kubeconfig:"));
            try (KubernetesClient user = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
                assertThat(user.resources(Rollout.class).inAnyNamespace().list().getItems())
                        .extracting(r -> r.getMetadata().getName()).containsExactly("shop-analysed");
            }
            started = p.descendants().toList();
            if (printed(out, "metrics:").equals("Prometheus"))
                assertThat(started).as("the prometheus it runs for the analysis").isNotEmpty();
            assertThat(p.isAlive()).as("--keep keeps running").isTrue();

            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);

            boolean stopped = p.waitFor(40, TimeUnit.SECONDS);
            if (!stopped) keepForDiagnosis(p);
            assertThat(stopped).as("Ctrl-C stops it (its output and threads: target/playground-ctrl-c/)").isTrue();
            // the watchdog's `tail --pid` notices the JVM's end within a second
            List<ProcessHandle> children = started;
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(children).as("no process it started outlives it").noneMatch(ProcessHandle::isAlive));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            started.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** A stop that hangs is rare and load-dependent: keep what it printed and where each thread waits. */
    private void keepForDiagnosis(Process p) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "playground-ctrl-c"));
        Files.copy(tmp.resolve("out"), dir.resolve("out"), StandardCopyOption.REPLACE_EXISTING);
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, String.valueOf(p.pid()), "Thread.print").redirectErrorStream(true)
                .redirectOutput(dir.resolve("threads.txt").toFile()).start().waitFor(20, TimeUnit.SECONDS);
    }

    @Test
    void anUnknownScenarioAPortInUseAndRealApiWithoutItsBinariesEachGiveOneLineAndExitTwo() throws Exception {
        assertOneLineAndExitTwo(playground("--scenario", "canery"), "kulta: unknown scenario 'canery'; choose one of ");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertOneLineAndExitTwo(playground("--port", String.valueOf(busy.getLocalPort())),
                    "kulta: port " + busy.getLocalPort() + " is in use");
        }
        Path emptyCache = Files.createDirectories(tmp.resolve("no-binaries"));
        assertOneLineAndExitTwo(playground(java.util.Map.of("KULTA_K8S_CACHE", emptyCache.toString()), "--real-api"),
                "kulta: --real-api needs kube-apiserver and etcd built by scripts/k8s-test-binaries.sh; none found under " + emptyCache);
    }

    private void assertOneLineAndExitTwo(Process p, String start) throws Exception {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("out"))).isEmpty();
        List<String> err = Files.readAllLines(tmp.resolve("err"));
        assertThat(err).hasSize(1);
        assertThat(err.get(0)).startsWith(start);
    }

    /** The value printed after a label, e.g. the path after "logs:". */
    private static String printed(List<String> out, String label) {
        Matcher m = Pattern.compile(".*" + Pattern.quote(label) + "\\s+(\\S+).*").matcher(
                out.stream().filter(l -> l.contains(label)).findFirst().orElseThrow(() -> new AssertionError("no " + label)));
        assertThat(m.matches()).isTrue();
        return m.group(1);
    }

    /** The jar with stdout and stderr to files (no TTY), stdin closed. */
    private Process playground(String... args) throws IOException {
        return playground(java.util.Map.of(), args);
    }

    private Process playground(java.util.Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // SIGINT reset to its default, as a terminal's Ctrl-C finds it: a build started in the background (nohup, `&`)
        // hands its children SIGINT ignored, and a JVM that starts with it ignored never runs its shutdown hooks on it
        List<String> command = new java.util.ArrayList<>(List.of("env", "--default-signal=INT", java, "-jar",
                KultaJarIT.JAR.toString(), "playground"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(new File("."))
                .redirectOutput(tmp.resolve("out").toFile()).redirectError(tmp.resolve("err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        return pb.start();
    }
}
