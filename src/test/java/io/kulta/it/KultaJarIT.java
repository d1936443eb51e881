package io.kulta.it;

import io.kulta.core.Annotations;
import io.kulta.model.Pause;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.scenario.KultaCluster;
import io.kulta.playground.FreeLoopbackPort;
import io.kulta.testing.HttpGet;
import io.kulta.testing.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The built jar as a separate process, configured only by a kubeconfig and KULTA_* variables. */
class KultaJarIT {
    static final Path JAR = Path.of("target/kulta.jar");

    @TempDir
    Path tmp;

    @Test
    void withNoReachableClusterItExitsWithOneClearLine() throws Exception {
        ProcessBuilder pb = jar().redirectErrorStream(true);
        pb.environment().put("KUBECONFIG", tmp.resolve("missing-kubeconfig").toString());
        pb.environment().remove("KUBERNETES_SERVICE_HOST");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().filter(l -> !l.isBlank()).toList();

        assertThat(p.exitValue()).isNotZero();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("kulta: cannot reach a Kubernetes API server").contains("KUBECONFIG");
    }

    @Test
    void theJarCompletesACanaryAgainstAnApiServerOnLoopback() throws Exception {
        try (KultaCluster cluster = new KultaCluster("jar", true)) {
            Path kubeconfig = cluster.api().writeKubeconfig(tmp.resolve("kubeconfig"), "jar");
            cluster.apply(Path.of("examples/canary.yaml"));
            cluster.editRollout("kulta-demo", r -> {
                r.getSpec().strategy.canary.steps.get(1).pause = new Pause("1s");
                r.getSpec().strategy.canary.steps.get(2).pause = new Pause("1s");
                return r;
            });

            int port = FreeLoopbackPort.any();
            Process controller = startJar(kubeconfig, java.util.Map.of("KULTA_RESYNC_SECONDS", "1", "KULTA_HTTP_PORT", String.valueOf(port)));
            try {
                String v1 = awaitPhase(cluster, Phase.Completed).getStatus().stableRevision;
                cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
                awaitPhase(cluster, Phase.Paused);
                cluster.annotate("kulta-demo", Annotations.PROMOTE, "true");
                await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
                    var s = cluster.status("kulta-demo");
                    assertThat(s.phase).isEqualTo(Phase.Completed);
                    assertThat(s.stableRevision).isNotEqualTo(v1);
                });
                assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-stable", 100).containsEntry("shop-canary", 0);
                assertThat(controller.isAlive()).isTrue();
                assertThat(HttpGet.get("http://127.0.0.1:" + port + "/readyz")).isEqualTo(new HttpGet.Answer(200, "ok\n"));
                assertThat(HttpGet.get("http://127.0.0.1:" + port + "/healthz").status()).isEqualTo(200);
                assertThat(new PrometheusText(HttpGet.get("http://127.0.0.1:" + port + "/metrics").body())
                        .value("kulta_rollouts_active", Map.of("phase", "Completed", "strategy", "canary"))).isEqualTo(1.0);
            } finally {
                controller.destroy();
                assertThat(controller.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
                System.out.println(Files.readString(tmp.resolve("kulta.log")));
            }
        }
    }

    @Test
    void onSigtermTheLeaderReleasesItsLeaseAndExitsZero() throws Exception {
        try (KultaCluster cluster = new KultaCluster("jar", true)) {
            Path kubeconfig = cluster.api().writeKubeconfig(tmp.resolve("kubeconfig"), "jar");
            Process controller = startJar(kubeconfig, LEADER);
            try {
                await().atMost(60, TimeUnit.SECONDS).until(() -> holder(cluster), "kulta-jar-0"::equals);

                long term = System.nanoTime();
                controller.destroy();   // SIGTERM
                assertThat(controller.waitFor(40, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
                System.out.printf("stopped %d ms after SIGTERM%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - term));

                assertThat(controller.exitValue()).isZero();
                assertThat(holder(cluster)).as("the Lease was released for a follower").isEmpty();
            } finally {
                controller.destroyForcibly();
                System.out.println(Files.readString(tmp.resolve("kulta.log")));
            }
        }
    }

    @Test
    void aKilledLeaderIsReplacedOnceItsLeaseExpires() throws Exception {
        try (KultaCluster cluster = new KultaCluster("jar", true)) {
            Path kubeconfig = cluster.api().writeKubeconfig(tmp.resolve("kubeconfig"), "jar");
            java.util.Map<String, String> env = new java.util.HashMap<>(LEADER);
            env.putAll(java.util.Map.of("KULTA_LEASE_DURATION_SECONDS", "3", "KULTA_LEASE_RENEW_SECONDS", "2", "KULTA_LEASE_RETRY_SECONDS", "0.5"));
            Process leader = startJar(kubeconfig, env);
            await().atMost(60, TimeUnit.SECONDS).until(() -> holder(cluster), "kulta-jar-0"::equals);
            try (var follower = io.kulta.scenario.RunningController.start(cluster, java.time.Clock.systemUTC(), java.util.Map.of(
                    "kulta.leaderElection", "true", "kulta.podName", "kulta-in-process", "kulta.podNamespace", "jar",
                    "kulta.leaseDurationSeconds", "3", "kulta.leaseRenewSeconds", "2", "kulta.leaseRetrySeconds", "0.5"))) {
                Thread.sleep(1000);
                assertThat(holder(cluster)).as("the follower waits while the leader renews").isEqualTo("kulta-jar-0");

                long kill = System.nanoTime();
                leader.destroyForcibly();   // SIGKILL: nothing released
                assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
                await().atMost(10, TimeUnit.SECONDS).pollInterval(java.time.Duration.ofMillis(20))
                        .until(() -> holder(cluster), "kulta-in-process"::equals);
                long takeOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - kill);
                System.out.printf("take-over after kill -9 of the leader: %d ms%n", takeOver);
                assertThat(takeOver).as("once the Lease expired, within 2 lease periods").isBetween(2000L, 6000L);
            } finally {
                leader.destroyForcibly();
            }
        }
    }

    @Test
    void aSecondSigtermEndsAStopThatIsStillDrainingAtOnce() throws Exception {
        try (KultaCluster cluster = new KultaCluster("jar", true); var sink = new io.kulta.testing.HangingServer()) {
            Path kubeconfig = cluster.api().writeKubeconfig(tmp.resolve("kubeconfig"), "jar");
            cluster.apply(Path.of("examples/canary.yaml"));
            // the sink answers nothing: the event buffer cannot drain
            Process controller = startJar(kubeconfig, java.util.Map.of("KULTA_CDEVENTS_ENABLED", "true", "KULTA_CDEVENTS_SINK_URL", sink.url()));
            try {
                awaitPhase(cluster, Phase.Completed);
                await().atMost(30, TimeUnit.SECONDS).until(() -> sink.connections() > 0);

                controller.destroy();
                assertThat(controller.waitFor(2, TimeUnit.SECONDS)).as("the first SIGTERM waits for the event buffer").isFalse();
                long second = System.nanoTime();
                controller.destroy();
                assertThat(controller.waitFor(5, TimeUnit.SECONDS)).as("the second ends it at once").isTrue();
                System.out.printf("exited %d ms after the second SIGTERM%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - second));
                assertThat(controller.exitValue()).isEqualTo(1);
            } finally {
                controller.destroyForcibly();
                System.out.println(Files.readString(tmp.resolve("kulta.log")));
            }
        }
    }

    private static String holder(KultaCluster cluster) {
        var lease = cluster.client().leases().inNamespace("jar").withName("kulta-controller-leader").get();
        return lease == null || lease.getSpec() == null ? null : java.util.Objects.toString(lease.getSpec().getHolderIdentity(), "");
    }

    private static Rollout awaitPhase(KultaCluster cluster, Phase phase) {
        return await().atMost(60, TimeUnit.SECONDS).until(() -> cluster.rollout("kulta-demo"),
                r -> r.getStatus() != null && r.getStatus().phase == phase);
    }

    @Test
    void camelJBangSeesTheRunningController() throws Exception {
        try (KultaCluster cluster = new KultaCluster("jar", true)) {
            int port = FreeLoopbackPort.any();
            Process controller = startJar(cluster.api().writeKubeconfig(tmp.resolve("kubeconfig"), "jar"),
                    java.util.Map.of("KULTA_HTTP_PORT", String.valueOf(port)));
            try {
                awaitReady(port);
                await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(camel("get", "route"))
                        .containsPattern("(?m)^\\s*" + controller.pid() + "\\s+kulta\\s+reconcile-worker\\s+kulta-queue://rollouts.*\\sStarted\\s"));
                assertThat(camel("get", "health")).contains(String.valueOf(controller.pid())).contains("kulta/informer-synced");
            } finally {
                controller.destroy();
                assertThat(controller.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @Test
    void theCliConnectorCanBeTurnedOff() throws Exception {
        try (KultaCluster cluster = new KultaCluster("jar", true)) {
            int port = FreeLoopbackPort.any();
            Process controller = startJar(cluster.api().writeKubeconfig(tmp.resolve("kubeconfig"), "jar"),
                    java.util.Map.of("KULTA_HTTP_PORT", String.valueOf(port), "KULTA_CLI_CONNECTOR_ENABLED", "false"));
            try {
                awaitReady(port);
                assertThat(Path.of(System.getProperty("user.home"), ".camel", String.valueOf(controller.pid()))).doesNotExist();
                assertThat(camel("get", "route")).doesNotContain(String.valueOf(controller.pid()));
            } finally {
                controller.destroy();
                assertThat(controller.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private static void awaitReady(int port) {
        await().atMost(60, TimeUnit.SECONDS).ignoreExceptions().until(() -> HttpGet.get("http://127.0.0.1:" + port + "/readyz").status() == 200);
    }

    /** Camel JBang's CLI (tools/camel-jbang/camel; its first run resolves it with Maven), its output. */
    private String camel(String... args) throws Exception {
        Path out = Files.createTempFile(tmp, "camel", ".out");
        List<String> command = new java.util.ArrayList<>(List.of("bash", "tools/camel-jbang/camel"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("camel " + String.join(" ", args) + " did not finish in 5 min: " + Files.readString(out));
        }
        String output = Files.readString(out);
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    /** Leader election on, as pod kulta-jar-0 with its Lease in namespace jar. */
    static final java.util.Map<String, String> LEADER = java.util.Map.of(
            "KULTA_LEADER_ELECTION", "true", "POD_NAME", "kulta-jar-0", "POD_NAMESPACE", "jar");

    /** The jar against the cluster of the kubeconfig, watching namespace jar, logging to kulta.log, with these variables. */
    private Process startJar(Path kubeconfig, java.util.Map<String, String> env) throws java.io.IOException {
        ProcessBuilder pb = jar().redirectErrorStream(true).redirectOutput(tmp.resolve("kulta.log").toFile());
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.environment().put("KULTA_NAMESPACE", "jar");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static ProcessBuilder jar() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-jar", JAR.toString()).directory(new File("."));
    }
}
