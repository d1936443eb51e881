package io.kulta.scenario;

import io.kulta.core.Annotations;
import io.kulta.core.Labels;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitReconciles;
import static io.kulta.scenario.ScenarioWaits.awaitReplicas;
import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The blue-green rollout of examples/blue-green.yaml (4 replicas, a preview of 2, manual promotion, 30 s
 * scale-down delay), driven by the real controller wiring through a Kubernetes API: first deployment,
 * preview, promotion by annotation or automatically, the cutover, the old revision's scale-down, abort
 * and retry.
 * Runs on each tier (a subclass per tier).
 */
abstract class BlueGreenScenario {
    static final String ROLLOUT = "checkout";
    static final String ROUTE = "checkout-route";
    static final String V2_IMAGE = "ghcr.io/example/checkout:2.0.0";
    static final Map<String, Integer> ALL_ON_ACTIVE = Map.of("checkout-active", 100, "checkout-preview", 0);

    KultaCluster cluster;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    RunningController controller;

    /** A new cluster of this tier for one test. */
    abstract KultaCluster newCluster();

    @BeforeEach
    void startClusterAndController() throws Exception {
        cluster = newCluster();
        controller = RunningController.start(cluster, clock, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void aPreviewPromotedByAnnotationTakesOverAndTheOldRevisionGoesAfterTheScaleDownDelay() {
        String v1 = firstDeployment();

        // a new image: a preview of 2 beside the active 4, reachable through the preview Service only
        cluster.setImage(ROLLOUT, V2_IMAGE);
        RolloutStatus preview = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Preview));
        String v2 = preview.previewRevision;
        assertThat(v2).isNotEqualTo(v1);
        assertThat(preview.activeRevision).isEqualTo(v1);
        assertThat(preview.stableRevision).isEqualTo(v1);
        assertThat(preview.canaryRevision).isEqualTo(v2);
        assertThat(preview.message).endsWith("waiting for kulta.io/promote=true");
        awaitReplicas(cluster, ROLLOUT, Map.of(v1, 4, v2, 2));
        assertThat(cluster.selector("checkout-preview")).containsEntry(Labels.POD_TEMPLATE_HASH, v2).doesNotContainKey(Labels.KULTA_TYPE);
        assertThat(cluster.selector("checkout-active")).containsEntry(Labels.POD_TEMPLATE_HASH, v1);
        assertThat(cluster.weights(ROUTE, 0)).isEqualTo(ALL_ON_ACTIVE);

        // promoted while v2's new pods are held unready: it grows to 4 first, traffic stays on v1
        cluster.kubelet().hold(v2);
        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "true");
        awaitReplicas(cluster, ROLLOUT, Map.of(v1, 4, v2, 4));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.message).startsWith("promoting revision " + v2));
        awaitReconciles(controller, 3);
        assertThat(cluster.selector("checkout-active")).containsEntry(Labels.POD_TEMPLATE_HASH, v1);
        assertThat(cluster.status(ROLLOUT).activeRevision).isEqualTo(v1);

        // v2's pods ready: the cutover, in one reconcile; v1 keeps its pods for 30 s
        cluster.kubelet().release(v2);
        RolloutStatus done = awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.activeRevision).isEqualTo(v2);
        });
        assertThat(done.stableRevision).isEqualTo(v2);
        assertThat(done.previewRevision).isNull();
        assertThat(done.canaryRevision).isNull();
        assertThat(done.cutoverTime).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(done.currentWeight).isEqualTo(100);
        assertThat(cluster.selector("checkout-active")).containsEntry(Labels.POD_TEMPLATE_HASH, v2);
        assertThat(cluster.selector("checkout-preview")).containsEntry(Labels.POD_TEMPLATE_HASH, v2);
        assertThat(cluster.weights(ROUTE, 0)).isEqualTo(ALL_ON_ACTIVE);
        assertThat(cluster.rollout(ROLLOUT).getMetadata().getAnnotations()).doesNotContainKey(Annotations.PROMOTE);
        awaitReconciles(controller, 3);
        assertThat(cluster.replicas(ROLLOUT)).as("within the scale-down delay").containsEntry(v1, 4).containsEntry(v2, 4);

        clock.advance(Duration.ofSeconds(30));
        awaitReplicas(cluster, ROLLOUT, Map.of(v1, 0, v2, 4));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.message).isEqualTo("revision " + v2 + " is active"));   // written after the scale-down
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.eventReasons(ROLLOUT))
                .containsSubsequence("Started", "Completed", "Started", "Promoted", "Completed"));
    }

    @Test
    void withAutoPromotionThePreviewTakesOverAutoPromotionSecondsAfterItWasReady() {
        String v1 = firstDeployment();
        cluster.editRollout(ROLLOUT, r -> {
            r.getSpec().strategy.blueGreen.autoPromotionEnabled = true;
            r.getSpec().strategy.blueGreen.autoPromotionSeconds = 60;
            return r;
        });

        cluster.setImage(ROLLOUT, V2_IMAGE);
        RolloutStatus preview = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Preview));
        String v2 = preview.previewRevision;
        assertThat(preview.pauseStartTime).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(preview.message).endsWith("promoted automatically at 2026-11-25T10:01:00Z");

        clock.advance(Duration.ofSeconds(59));
        awaitReconciles(controller, 3);
        assertThat(cluster.status(ROLLOUT).phase).as("one second early").isEqualTo(Phase.Preview);
        assertThat(cluster.selector("checkout-active")).containsEntry(Labels.POD_TEMPLATE_HASH, v1);

        clock.advance(Duration.ofSeconds(1));
        RolloutStatus done = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.activeRevision).isEqualTo(v2));
        assertThat(done.phase).isEqualTo(Phase.Completed);
        assertThat(done.cutoverTime).isEqualTo("2026-11-25T10:01:00Z");
        awaitReplicas(cluster, ROLLOUT, Map.of(v2, 4, v1, 4));
        assertThat(cluster.selector("checkout-active")).containsEntry(Labels.POD_TEMPLATE_HASH, v2);

        clock.advance(Duration.ofSeconds(30));
        awaitReplicas(cluster, ROLLOUT, Map.of(v2, 4, v1, 0));
    }

    @Test
    void anAbortedPreviewIsScaledAwayUntilRetriedAndThenPreviewedAgain() {
        String v1 = firstDeployment();
        cluster.setImage(ROLLOUT, V2_IMAGE);
        String v2 = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Preview)).previewRevision;

        cluster.annotate(ROLLOUT, Annotations.ABORT, "true");
        RolloutStatus aborted = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Aborted));
        assertThat(aborted.activeRevision).isEqualTo(v1);
        assertThat(aborted.previewRevision).isEqualTo(v2);
        awaitReplicas(cluster, ROLLOUT, Map.of(v1, 4, v2, 0));
        assertThat(cluster.selector("checkout-preview")).containsEntry(Labels.POD_TEMPLATE_HASH, v1);
        assertThat(cluster.selector("checkout-active")).containsEntry(Labels.POD_TEMPLATE_HASH, v1);
        assertThat(cluster.weights(ROUTE, 0)).isEqualTo(ALL_ON_ACTIVE);
        awaitReconciles(controller, 3);
        assertThat(cluster.status(ROLLOUT).phase).as("until retry or a new template").isEqualTo(Phase.Aborted);

        cluster.annotate(ROLLOUT, Annotations.RETRY, "true");
        awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Preview);
            assertThat(s.previewRevision).isEqualTo(v2);
        });
        awaitReplicas(cluster, ROLLOUT, Map.of(v1, 4, v2, 2));
        assertThat(cluster.selector("checkout-preview")).containsEntry(Labels.POD_TEMPLATE_HASH, v2);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.eventReasons(ROLLOUT))
                .containsSubsequence("Started", "Completed", "Started", "Aborted", "Started"));
    }

    /** Applies the example and waits for its first revision to be active at full size. */
    private String firstDeployment() {
        cluster.apply(Path.of("examples/blue-green.yaml"));
        RolloutStatus first = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        String v1 = first.stableRevision;
        assertThat(first.activeRevision).isEqualTo(v1);
        assertThat(first.previewRevision).isNull();
        assertThat(cluster.replicas(ROLLOUT)).containsExactly(Map.entry(v1, 4));
        assertThat(cluster.selector("checkout-active")).containsEntry(Labels.POD_TEMPLATE_HASH, v1)
                .containsEntry("app", "checkout").doesNotContainKey(Labels.KULTA_TYPE);
        assertThat(cluster.selector("checkout-preview")).containsEntry(Labels.POD_TEMPLATE_HASH, v1);
        assertThat(cluster.weights(ROUTE, 0)).isEqualTo(ALL_ON_ACTIVE);
        return v1;
    }
}
