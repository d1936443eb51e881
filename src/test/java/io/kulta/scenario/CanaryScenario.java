package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.kulta.core.Annotations;
import io.kulta.core.Labels;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The canary of examples/canary.yaml, driven by the real controller wiring through a Kubernetes API:
 * first deployment, then a new image through 20% (indefinite pause, promoted), 50% and 80% (timed
 * pauses, passed by moving the clock) to completion. Runs on each tier (a subclass per tier).
 */
abstract class CanaryScenario {
    static final String ROLLOUT = "kulta-demo";
    static final String ROUTE = "shop-route";

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
    void aNewImageWalksThroughEveryStepToCompletion() {
        cluster.apply(Path.of("examples/canary.yaml"));

        // first deployment: stable at full size, all traffic on it, no steps
        String v1 = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        assertThat(cluster.replicas(ROLLOUT)).containsExactly(Map.entry(v1, 5));
        assertThat(cluster.selector("shop-stable")).containsEntry(Labels.POD_TEMPLATE_HASH, v1)
                .containsEntry("app", "shop").doesNotContainKey(Labels.KULTA_TYPE);
        assertThat(cluster.selector("shop-canary")).containsEntry(Labels.POD_TEMPLATE_HASH, v1).doesNotContainKey(Labels.KULTA_TYPE);
        assertThat(cluster.weights(ROUTE, 0)).containsExactly(Map.entry("shop-stable", 100), Map.entry("shop-canary", 0));
        HTTPRoute userRuleBefore = cluster.route(ROUTE);

        // step 1: 20% and an indefinite pause
        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        RolloutStatus paused = awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentStepIndex).isZero();
            assertThat(s.currentWeight).isEqualTo(20);
        });
        String v2 = paused.canaryRevision;
        assertThat(v2).isNotEqualTo(v1);
        assertThat(paused.stableRevision).isEqualTo(v1);
        awaitReplicas(Map.of(v1, 4, v2, 1));
        assertThat(cluster.weights(ROUTE, 0)).containsExactly(Map.entry("shop-stable", 80), Map.entry("shop-canary", 20));
        assertThat(cluster.route(ROUTE).getSpec().getRules().get(1)).isEqualTo(userRuleBefore.getSpec().getRules().get(1));
        assertThat(cluster.route(ROUTE).getSpec().getRules().get(0).getMatches())
                .isEqualTo(userRuleBefore.getSpec().getRules().get(0).getMatches());
        assertThat(cluster.selector("shop-canary")).containsEntry(Labels.POD_TEMPLATE_HASH, v2);
        assertThat(cluster.selector("shop-stable")).containsEntry(Labels.POD_TEMPLATE_HASH, v1);
        assertThat(paused.message).contains("step 1/3", "kulta.io/promote");
        Rollout edited = cluster.rollout(ROLLOUT);
        assertThat(edited.getMetadata().getGeneration()).as("one spec change since create").isEqualTo(2);
        assertThat(edited.getStatus().observedGeneration).isEqualTo(2);

        // promoted: step 2, 50% and a 30 s pause
        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "true");
        awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentStepIndex).isEqualTo(1);
            assertThat(s.currentWeight).isEqualTo(50);
            assertThat(s.pauseStartTime).isEqualTo("2026-11-25T10:00:00Z");
        });
        assertThat(cluster.rollout(ROLLOUT).getMetadata().getAnnotations()).doesNotContainKey(Annotations.PROMOTE);
        awaitReplicas(Map.of(v1, 3, v2, 3));     // each side keeps at least its share: 5 @ 50% → 3/3
        assertThat(cluster.weights(ROUTE, 0)).containsExactly(Map.entry("shop-stable", 50), Map.entry("shop-canary", 50));

        // 30 s later: step 3, 80%
        clock.advance(Duration.ofSeconds(30));
        awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentStepIndex).isEqualTo(2);
            assertThat(s.currentWeight).isEqualTo(80);
        });
        awaitReplicas(Map.of(v1, 1, v2, 4));
        assertThat(cluster.weights(ROUTE, 0)).containsExactly(Map.entry("shop-stable", 20), Map.entry("shop-canary", 80));

        // 30 s later: the canary becomes stable
        clock.advance(Duration.ofSeconds(30));
        RolloutStatus done = awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.stableRevision).isEqualTo(v2);
        });
        assertThat(done.canaryRevision).isNull();
        assertThat(done.currentWeight).isEqualTo(100);
        assertThat(cluster.replicas(ROLLOUT)).as("v1 keeps its pod scaleDownDelaySeconds after the cutover").containsEntry(v1, 1);
        clock.advance(Duration.ofSeconds(30));
        awaitReplicas(Map.of(v1, 0, v2, 5));
        assertThat(cluster.selector("shop-stable")).containsEntry(Labels.POD_TEMPLATE_HASH, v2);
        assertThat(cluster.selector("shop-canary")).containsEntry(Labels.POD_TEMPLATE_HASH, v2);
        assertThat(cluster.weights(ROUTE, 0)).containsExactly(Map.entry("shop-stable", 100), Map.entry("shop-canary", 0));
        assertThat(cluster.route(ROUTE).getSpec().getRules().get(1)).isEqualTo(userRuleBefore.getSpec().getRules().get(1));
        Rollout completed = cluster.rollout(ROLLOUT);
        assertThat(completed.getMetadata().getGeneration()).as("status writes and annotations leave generation alone").isEqualTo(2);
        assertThat(completed.getStatus().observedGeneration).isEqualTo(2);

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.eventReasons(ROLLOUT)).containsSubsequence(
                "Started", "Completed", "Started", "Paused", "Promoted", "Paused", "StepAdvanced", "Paused", "StepAdvanced", "Completed"));
    }

    @Test
    void withoutTrafficRoutingReplicasAloneCarryTheWeights() {
        cluster.apply(Path.of("examples/canary.yaml"));
        cluster.editRollout(ROLLOUT, r -> {
            r.getSpec().strategy.canary.trafficRouting = null;
            return r;
        });
        String v1 = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        HTTPRoute before = cluster.route(ROUTE);

        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        String v2 = awaitStatus(s -> assertThat(s.currentWeight).isEqualTo(20)).canaryRevision;
        awaitReplicas(Map.of(v1, 4, v2, 1));
        assertThat(cluster.route(ROUTE).getSpec()).isEqualTo(before.getSpec());
    }

    RolloutStatus awaitStatus(org.assertj.core.api.ThrowingConsumer<RolloutStatus> check) {
        return ScenarioWaits.awaitStatus(cluster, ROLLOUT, check);
    }

    void awaitReplicas(Map<String, Integer> expected) {
        ScenarioWaits.awaitReplicas(cluster, ROLLOUT, expected);
    }
}
