package io.kulta.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.core.RevisionHash;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.scenario.KultaCluster;
import io.kulta.scenario.RunningController;
import io.kulta.scenario.ScenarioWaits;
import io.kulta.testing.MutableClock;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The verbs against the real controller wiring on the mock API tier, as a user steering examples/canary.yaml:
 * {@code status} ends with the Rollout's outcome, {@code promote} moves a paused canary, {@code undo} goes back,
 * {@code abort}/{@code retry}, {@code get rollout --watch} redraws from a watch.
 */
class CliScenarioTest {
    static final String ROLLOUT = "kulta-demo";
    static final String USER_AGENT = "kubectl-kulta-test";

    KultaCluster cluster;
    RunningController controller;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        cluster = new KultaCluster("cli", false);
        controller = RunningController.start(cluster, clock, Map.of());
        cluster.apply(Path.of("examples/canary.yaml"));
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    /** The user's clients, told apart from the controller's in the request log by their user agent. */
    Cli.Clients clients() {
        return (kubeconfig, context, namespace) -> {
            try (KubernetesClient base = cluster.api().newClient(namespace == null ? cluster.namespace() : namespace)) {
                return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                        new io.fabric8.kubernetes.client.ConfigBuilder(base.getConfiguration()).withUserAgent(USER_AGENT).build()).build();
            }
        };
    }

    CliRun kulta(String... args) {
        return CliRun.of(clients(), false, Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC), args);
    }

    @Test
    void statusPromoteUndoAbortAndRetrySteerACanary() {
        CliRun first = kulta("status", ROLLOUT, "--timeout", "30s");
        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(Cli.OK);
        assertThat(first.out()).contains("Completed");
        String v1 = cluster.status(ROLLOUT).stableRevision;

        assertThat(kulta("set", "image", ROLLOUT, "shop=ghcr.io/example/shop:2.0.0").out())
                .isEqualTo("rollout kulta-demo: container shop set to ghcr.io/example/shop:2.0.0\n");
        String v2 = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Paused)).canaryRevision;
        assertThat(v2).isNotEqualTo(v1);

        CliRun waiting = kulta("status", ROLLOUT, "--timeout", "2s");
        assertThat(waiting.code()).as("still paused at the timeout").isEqualTo(Cli.TIMEOUT);
        assertThat(waiting.out()).contains("Paused  step 1/3  weight 20%").contains("timed out after 2s");

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(kulta("get", "rollout", ROLLOUT).out())
                .contains("revision 2  " + v2 + "  canary  ghcr.io/example/shop:2.0.0")
                .contains("revision 1  " + v1 + "  stable  ghcr.io/example/shop:1.0.0")
                .contains("ReplicaSet kulta-demo-" + v2 + "  desired 1  ready 1  available 1")
                .contains("rule 0: shop-stable 80, shop-canary 20"));

        assertThat(kulta("promote", ROLLOUT).code()).isEqualTo(Cli.OK);
        awaitStatus(s -> {
            assertThat(s.currentStepIndex).isEqualTo(1);
            assertThat(s.currentWeight).isEqualTo(50);
        });

        assertThat(kulta("promote", ROLLOUT, "--full").out()).contains("promoted to completion (kulta.io/promote=full)");
        CliRun done = kulta("status", ROLLOUT, "--timeout", "30s");
        assertThat(done.code()).as(done.out()).isEqualTo(Cli.OK);
        assertThat(cluster.status(ROLLOUT).stableRevision).isEqualTo(v2);

        CliRun undo = kulta("undo", ROLLOUT);
        assertThat(undo.out()).isEqualTo("rollout kulta-demo rolled back to revision 1 (" + v1 + ", ghcr.io/example/shop:1.0.0)\n");
        assertThat(RevisionHash.of(cluster.rollout(ROLLOUT).getSpec().template)).as("the old template, exactly").isEqualTo(v1);
        awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.canaryRevision).isEqualTo(v1);
        });

        assertThat(kulta("abort", ROLLOUT).code()).isEqualTo(Cli.OK);
        CliRun aborted = kulta("status", ROLLOUT, "--timeout", "30s");
        assertThat(aborted.code()).as(aborted.out()).isEqualTo(Cli.FAILED);
        assertThat(aborted.out()).contains("Aborted");

        assertThat(kulta("retry", ROLLOUT).code()).isEqualTo(Cli.OK);
        awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.canaryRevision).isEqualTo(v1);
        });
    }

    @Test
    void getRolloutWatchRedrawsOnEveryChangeFromAWatch() throws Exception {
        awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-1);
        Thread watch = new Thread(() -> {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            code.set(KultaCli.run(new String[]{"get", "rollout", ROLLOUT, "--watch"}, new Cli(o, System.err, false, clients())));
        }, "cli-watch");
        watch.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> out.toString(StandardCharsets.UTF_8).contains("Completed"));
        long listsBefore = rolloutGets();

        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Paused  step 1/3  weight 20%").contains("ghcr.io/example/shop:2.0.0")
                .contains("rule 0: shop-stable 80, shop-canary 20"));
        watch.interrupt();
        watch.join(10_000);

        assertThat(code.get()).isEqualTo(Cli.OK);
        assertThat(out.toString(StandardCharsets.UTF_8).split("\nRollout kulta-demo ").length).as("redrawn, not only drawn once").isGreaterThan(1);
        assertThat(rolloutGets()).as("no polling: the redraws came from the watch, with no new GET or LIST of the Rollout").isEqualTo(listsBefore);
        assertThat(cluster.api().requests().entries()).anyMatch(e -> USER_AGENT.equals(e.userAgent()) && e.path().contains("/rollouts")
                && String.valueOf(e.query()).contains("watch=true"));
    }

    @Test
    void restartAndGetRolloutsAndMistakesAnsweredInOneLine() {
        awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        String v1 = cluster.status(ROLLOUT).stableRevision;

        assertThat(kulta("restart", ROLLOUT).out()).isEqualTo("rollout kulta-demo restarted (kulta.io/restartedAt=2026-12-02T12:00:00Z)\n");
        assertThat(cluster.rollout(ROLLOUT).getSpec().template.getMetadata().getAnnotations())
                .containsEntry(TemplateCommands.RESTARTED_AT, "2026-12-02T12:00:00Z");
        String restarted = awaitStatus(s -> assertThat(s.canaryRevision).isNotNull().isNotEqualTo(v1)).canaryRevision;

        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(kulta("get", "rollouts").out())
                .containsPattern("(?m)^NAME +STRATEGY +PHASE +STEP +WEIGHT +READY +STABLE +CANARY$")
                .containsPattern("(?m)^kulta-demo +canary +Paused +1/3 +20% +\\d/5 +" + v1 + " +" + restarted + "$"));

        assertThat(kulta("get", "rollouts", "-A").out()).containsPattern("(?m)^NAMESPACE +NAME +STRATEGY")
                .containsPattern("(?m)^cli +kulta-demo +canary +");

        cluster.api().failNext("PATCH", ".*/rollouts/kulta-demo", 409, 2);
        CliRun afterConflicts = kulta("set", "image", ROLLOUT, "shop=ghcr.io/example/shop:3.0.0");
        assertThat(afterConflicts.code()).as("two conflicts, read again and retried: " + afterConflicts.err()).isEqualTo(Cli.OK);
        assertThat(cluster.rollout(ROLLOUT).getSpec().template.getSpec().getContainers().get(0).getImage()).isEqualTo("ghcr.io/example/shop:3.0.0");
        assertThat(cluster.rollout(ROLLOUT).getSpec().template.getMetadata().getAnnotations()).as("the restart kept")
                .containsKey(TemplateCommands.RESTARTED_AT);

        CliRun missing = kulta("promote", "nope");
        assertThat(missing.code()).isEqualTo(Cli.FAILED);
        assertThat(missing.err()).isEqualTo("kulta: rollout nope not found in namespace cli; list them with: kubectl kulta get rollouts -n cli\n");
        CliRun noContainer = kulta("set", "image", ROLLOUT, "web=nginx");
        assertThat(noContainer.code()).isEqualTo(Cli.FAILED);
        assertThat(noContainer.err()).isEqualTo("kulta: rollout kulta-demo has no container 'web'; its containers: shop\n");
        CliRun noRevision = kulta("undo", ROLLOUT, "--to-revision", "9");
        assertThat(noRevision.code()).isEqualTo(Cli.FAILED);
        assertThat(noRevision.err()).startsWith("kulta: rollout kulta-demo has no revision 9 (it keeps 2)");
        CliRun usage = kulta("status", ROLLOUT, "--timeout", "soon");
        assertThat(usage.code()).isEqualTo(Cli.USAGE);
        assertThat(usage.err().lines()).hasSize(1);
    }

    @Test
    void withNoClusterInReachEveryClusterVerbSaysSoInOneLine() {
        Cli.Clients unreachable = (kubeconfig, context, namespace) -> new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("http://127.0.0.1:" + io.kulta.playground.FreeLoopbackPort.any())
                        .withNamespace("shop").withRequestRetryBackoffLimit(0).build()).build();
        for (String[] args : new String[][]{{"get", "rollout", ROLLOUT}, {"get", "rollouts"}, {"promote", ROLLOUT}, {"status", ROLLOUT}}) {
            CliRun run = CliRun.of(unreachable, args);
            assertThat(run.code()).as(String.join(" ", args)).isEqualTo(Cli.FAILED);
            assertThat(run.err()).as(String.join(" ", args)).startsWith("kulta: cannot reach a Kubernetes API server at http://127.0.0.1:")
                    .contains("point KUBECONFIG at").endsWith("\n");
            assertThat(run.err().lines()).hasSize(1);
        }
    }

    private long rolloutGets() {
        return cluster.api().requests().entries().stream()
                .filter(e -> USER_AGENT.equals(e.userAgent()) && e.method().equals("GET") && !String.valueOf(e.query()).contains("watch=true"))
                .count();
    }

    private RolloutStatus awaitStatus(ThrowingConsumer<RolloutStatus> check) {
        return ScenarioWaits.awaitStatus(cluster, ROLLOUT, check);
    }
}
