package io.kulta.it;

import io.kulta.core.Annotations;
import io.kulta.scenario.KultaCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The launcher script kubectl-kulta and {@code java -jar kulta.jar <verb>} as separate processes, as a user runs them. */
class KubectlKultaIT {
    static final Path LAUNCHER = Path.of("kubectl-kulta").toAbsolutePath();
    static final Path JAR = Path.of("target/kulta.jar").toAbsolutePath();

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    @Test
    void theLauncherRunsTheVerbsWithTheUsersKubeconfig() throws Exception {
        try (KultaCluster cluster = new KultaCluster("plugin", true)) {
            Path kubeconfig = cluster.api().writeKubeconfig(tmp.resolve("kubeconfig"), "plugin");
            cluster.apply(Path.of("examples/canary.yaml"));
            Map<String, String> env = Map.of("KUBECONFIG", kubeconfig.toString(), "KULTA_JAR", JAR.toString());

            Result list = run(env, LAUNCHER.toString(), "get", "rollouts");
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.out()).startsWith("NAME ").contains("kulta-demo");

            Result promote = run(env, LAUNCHER.toString(), "promote", "kulta-demo");
            assertThat(promote.out()).isEqualTo("rollout kulta-demo promoted (kulta.io/promote=true)\n");
            assertThat(cluster.rollout("kulta-demo").getMetadata().getAnnotations()).containsEntry(Annotations.PROMOTE, "true");

            Result missing = run(env, LAUNCHER.toString(), "get", "rollout", "nope");
            assertThat(missing.code()).isEqualTo(1);
            assertThat(missing.err()).isEqualTo("kulta: rollout nope not found in namespace plugin; list them with: kubectl kulta get rollouts -n plugin\n");
        }
    }

    @Test
    void theLauncherServesTheDashboardUntilItIsStopped() throws Exception {
        try (KultaCluster cluster = new KultaCluster("plugin-dashboard", true)) {
            Path kubeconfig = cluster.api().writeKubeconfig(tmp.resolve("kubeconfig"), "plugin-dashboard");
            cluster.apply(Path.of("examples/canary.yaml"));
            ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "dashboard", "--port", "0");
            pb.environment().putAll(Map.of("KUBECONFIG", kubeconfig.toString(), "KULTA_JAR", JAR.toString()));
            pb.redirectOutput(tmp.resolve("dashboard.out").toFile()).redirectError(tmp.resolve("dashboard.err").toFile());
            Process p = pb.start();
            try {
                String url = await().atMost(60, TimeUnit.SECONDS).until(() -> Files.readString(tmp.resolve("dashboard.out")).lines()
                        .filter(l -> l.startsWith("KULTA dashboard: ")).findFirst().map(l -> l.split(" ")[2]).orElse(null), u -> u != null);
                assertThat(url).startsWith("http://127.0.0.1:");
                var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "api/rollouts")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.body()).contains("\"name\":\"kulta-demo\"");

                p.destroy();   // SIGTERM, as Ctrl-C

                assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped; its stderr: " + Files.readString(tmp.resolve("dashboard.err"))).isTrue();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void theJarRunsOfflineVerbsAndSaysWhatIsWrongInOneLine() throws Exception {
        Result lint = run(Map.of(), "java", "-jar", JAR.toString(), "lint", "examples/canary.yaml", "examples/simple.yaml");
        assertThat(lint.code()).as(lint.err()).isZero();
        assertThat(lint.out()).endsWith("0 errors in 2 files\n");
        assertThat(run(Map.of(), "java", "-jar", JAR.toString(), "plan", "examples/canary.yaml").out()).contains("1      20%     4/1");

        Result noCluster = run(Map.of("KUBECONFIG", tmp.resolve("none").toString()), "java", "-jar", JAR.toString(), "status", "shop");
        assertThat(noCluster.code()).isEqualTo(1);
        assertThat(noCluster.err().lines().toList()).hasSize(1).first().asString().startsWith("kulta: cannot reach a Kubernetes API server");

        Result usage = run(Map.of(), "java", "-jar", JAR.toString(), "status");
        assertThat(usage.code()).isEqualTo(64);
        assertThat(usage.err()).isEqualTo("kulta: Missing required parameter: 'NAME'; see: kubectl kulta status --help\n");
    }

    @Test
    void theLauncherWithoutAJarSaysHowToPointItAtOne() throws Exception {
        Path copied = Files.copy(LAUNCHER, tmp.resolve("kubectl-kulta"));

        Result r = run(Map.of(), copied.toString(), "get", "rollouts");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("kulta: cannot find kulta.jar; set KULTA_JAR=");
    }

    private Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(command));
        pb.environment().remove("KULTA_JAR");
        pb.environment().remove("KUBERNETES_SERVICE_HOST");
        pb.environment().putAll(env);
        pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Result(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }
}
