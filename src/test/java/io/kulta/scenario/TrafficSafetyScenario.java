package io.kulta.scenario;

import io.kulta.core.Annotations;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §3 "Traffic safety" through a whole life of examples/canary.yaml with pods that come up one at a time: steps,
 * a {@code kubectl scale} mid-rollout, a third revision abandoning the canary, abort, retry and full promotion. The
 * cluster's {@link io.kulta.testing.TrafficInvariant} checks every observation and fails the test on close if a
 * backendRef with weight ever had fewer available pods than its share. Runs on each tier (a subclass per tier).
 */
abstract class TrafficSafetyScenario {
    static final String ROLLOUT = "kulta-demo";

    KultaCluster cluster;
    RunningController controller;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    abstract KultaCluster newCluster();

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        assertThat(cluster.traffic().observations()).as("the checker saw the rollout").isGreaterThan(20);
        assertThat(cluster.traffic().armedRollouts()).as("the invariant held and was enforced").hasSize(1);
        cluster.close();   // fails the test if the traffic invariant broke at any observation
    }

    @ParameterizedTest(name = "{0} replicas")
    @ValueSource(ints = {1, 2, 5})
    void noRequestEverReachesAnEmptyOrUndersizedBackend(int replicas) throws Exception {
        cluster = newCluster();
        cluster.kubelet().podsComeUpOneAtATime();
        controller = RunningController.start(cluster, clock, Map.of());
        cluster.apply(Path.of("examples/canary.yaml"));
        cluster.editRollout(ROLLOUT, r -> {
            r.getSpec().replicas = replicas;
            r.getSpec().strategy.canary.abortScaleDownDelaySeconds = 0;   // the test clock is frozen
            r.getSpec().strategy.canary.scaleDownDelaySeconds = 0;
            return r;
        });
        String v1 = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        awaitStatus(s -> assertThat(s.readyReplicas).isEqualTo(replicas));

        // step 1: 20%
        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        String v2 = awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        }).canaryRevision;
        assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-canary", 20);

        // promoted to 50%, then kubectl scale to N+2 while paused there
        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "true");
        awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(50);
        });
        cluster.editRollout(ROLLOUT, r -> {
            r.getSpec().replicas = replicas + 2;
            return r;
        });
        awaitStatus(s -> assertThat(s.readyReplicas).isEqualTo(2 * (int) Math.ceil((replicas + 2) / 2.0)));

        // a third revision: v2 is drained back to v1 first, then v3 starts its steps
        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:3.0.0");
        String v3 = awaitStatus(s -> {
            assertThat(s.canaryRevision).isNotEqualTo(v2);
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        }).canaryRevision;
        ScenarioWaits.awaitReplicas(cluster, ROLLOUT, Map.of(v2, 0));

        // abort: stable back to N, weight back as its pods come, v3 scaled away; then retry
        cluster.annotate(ROLLOUT, Annotations.ABORT, "true");
        awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Aborted);
            assertThat(s.currentWeight).isZero();
        });
        ScenarioWaits.awaitReplicas(cluster, ROLLOUT, Map.of(v1, replicas + 2, v3, 0));
        cluster.annotate(ROLLOUT, Annotations.RETRY, "true");
        awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        });

        // full promotion: all traffic through the canary Service, then the stable Service on v3
        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "full");
        RolloutStatus done = awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.stableRevision).isEqualTo(v3);
        });
        assertThat(done.cutoverTime).isNotNull();
        ScenarioWaits.awaitReplicas(cluster, ROLLOUT, Map.of(v3, replicas + 2, v1, 0));
        assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-stable", 100).containsEntry("shop-canary", 0);
    }

    @org.junit.jupiter.api.Test
    void withASettleTimeWeightArrivesOnlyOnceTheServiceHasSettledAndTheRolloutStillCompletes() throws Exception {
        cluster = newCluster();
        cluster.kubelet().podsComeUpOneAtATime();
        io.kulta.testing.MovingClock realTime = new io.kulta.testing.MovingClock();
        controller = RunningController.start(cluster, realTime, Map.of("kulta.trafficSettleSeconds", "1"));
        cluster.apply(Path.of("examples/canary.yaml"));
        cluster.editRollout(ROLLOUT, r -> {
            r.getSpec().replicas = 2;
            r.getSpec().strategy.canary.scaleDownDelaySeconds = 0;
            return r;
        });
        awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed));

        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        String v2 = awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        }).canaryRevision;
        var canary = cluster.client().services().withName("shop-canary").get();
        java.time.Instant selected = java.time.Instant.parse(canary.getMetadata().getAnnotations().get(io.kulta.core.Labels.SELECTED_SINCE));
        java.time.Instant weighted = java.time.Instant.parse(cluster.status(ROLLOUT).weightAppliedAt);
        assertThat(canary.getSpec().getSelector()).containsEntry(io.kulta.core.Labels.POD_TEMPLATE_HASH, v2);
        assertThat(weighted).as("weight arrived at least the settle time after the selector changed").isAfterOrEqualTo(selected.plusSeconds(1));

        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "full");
        awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.stableRevision).isEqualTo(v2);
        });
        assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-stable", 100).containsEntry("shop-canary", 0);
    }

    RolloutStatus awaitStatus(org.assertj.core.api.ThrowingConsumer<RolloutStatus> check) {
        return ScenarioWaits.awaitStatus(cluster, ROLLOUT, check);
    }
}
