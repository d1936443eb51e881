package io.kulta.scenario;

import io.kulta.core.Annotations;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitReconciles;
import static io.kulta.scenario.ScenarioWaits.awaitReplicas;
import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rolling update of examples/simple.yaml (4 replicas, maxSurge 25% → 1, maxUnavailable 25% → 1),
 * driven by the real controller wiring through a Kubernetes API. While the new revision's pods are held
 * unready, the update stops at the bounds; every state the ReplicaSets pass through stays within them.
 * Runs on each tier (a subclass per tier).
 */
abstract class SimpleScenario {
    static final String ROLLOUT = "catalog";
    static final String V2_IMAGE = "ghcr.io/example/catalog:2.0.0";

    KultaCluster cluster;
    RunningController controller;

    /** A new cluster of this tier for one test. */
    abstract KultaCluster newCluster();

    @BeforeEach
    void startClusterAndController() throws Exception {
        cluster = newCluster();
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void aRollingUpdateNeverLeavesMaxSurgeAndMaxUnavailableAndCompletes() {
        String v1 = firstDeployment();
        String v2 = cluster.revisionWithImage(ROLLOUT, V2_IMAGE);
        try (ReplicaSetMoments moments = new ReplicaSetMoments(cluster, ROLLOUT)) {
            newImageWithItsPodsHeldUnready(v1, v2);
            RolloutStatus stuck = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.canaryRevision).isEqualTo(v2));
            assertThat(stuck.phase).isEqualTo(Phase.Progressing);
            assertThat(stuck.stableRevision).isEqualTo(v1);
            awaitReconciles(controller, 3);
            assertThat(cluster.replicas(ROLLOUT)).as("held at the bounds").containsEntry(v2, 2).containsEntry(v1, 3);
            awaitStatus(cluster, ROLLOUT, s -> assertThat(s.message)   // wording only: paced (KULTA_STATUS_OBSERVATION_SECONDS)
                    .isEqualTo("revision " + v2 + ": 0/4 updated, 3 available (maxSurge 1, maxUnavailable 1)"));

            // the pods become ready: the update goes on to the end
            cluster.kubelet().release(v2);
            RolloutStatus done = awaitStatus(cluster, ROLLOUT, s -> {
                assertThat(s.phase).isEqualTo(Phase.Completed);
                assertThat(s.stableRevision).isEqualTo(v2);
            });
            assertThat(done.canaryRevision).isNull();
            assertThat(done.currentWeight).isEqualTo(100);
            awaitReplicas(cluster, ROLLOUT, Map.of(v2, 4, v1, 0));

            moments.assertAlwaysWithin(5, 3);
            assertThat(moments.moments()).as("the update used its room")
                    .anySatisfy(m -> assertThat(m.pods()).isEqualTo(5))
                    .anySatisfy(m -> assertThat(m.available()).isEqualTo(3));
        }
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.eventReasons(ROLLOUT))
                .containsSubsequence("Started", "Completed", "Started", "Completed"));
    }

    @Test
    void abortRollsBackWithinTheBoundsAndRetryRollsForwardAgain() {
        String v1 = firstDeployment();
        String v2 = cluster.revisionWithImage(ROLLOUT, V2_IMAGE);
        try (ReplicaSetMoments moments = new ReplicaSetMoments(cluster, ROLLOUT)) {
            newImageWithItsPodsHeldUnready(v1, v2);

            // abort: v2's unready pods go first, then v1 grows back to 4
            cluster.annotate(ROLLOUT, Annotations.ABORT, "true");
            awaitReplicas(cluster, ROLLOUT, Map.of(v2, 0, v1, 4));
            RolloutStatus aborted = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.message).startsWith("aborted: all replicas back"));
            assertThat(aborted.phase).isEqualTo(Phase.Aborted);
            assertThat(aborted.stableRevision).isEqualTo(v1);
            assertThat(cluster.rollout(ROLLOUT).getMetadata().getAnnotations()).doesNotContainKey(Annotations.ABORT);
            awaitReconciles(controller, 3);
            assertThat(cluster.status(ROLLOUT).phase).as("until retry or a new template").isEqualTo(Phase.Aborted);

            moments.assertAlwaysWithin(5, 3);
        }

        // retry, with pods that become ready this time
        cluster.kubelet().release(v2);
        cluster.annotate(ROLLOUT, Annotations.RETRY, "true");
        awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.stableRevision).isEqualTo(v2);
        });
        awaitReplicas(cluster, ROLLOUT, Map.of(v2, 4, v1, 0));
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.eventReasons(ROLLOUT))
                .containsSubsequence("Started", "Aborted", "Started", "Completed"));
    }

    /** v2's pods never become ready: one surge pod, then one old pod may go, then a second surge pod, and no more. */
    private void newImageWithItsPodsHeldUnready(String v1, String v2) {
        cluster.kubelet().hold(v2);
        cluster.setImage(ROLLOUT, V2_IMAGE);
        awaitReplicas(cluster, ROLLOUT, Map.of(v2, 2, v1, 3));
    }

    /** Applies the example and waits for its first revision to run at full size (Completed: all 4 available). */
    private String firstDeployment() {
        cluster.apply(Path.of("examples/simple.yaml"));
        String v1 = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        awaitReplicas(cluster, ROLLOUT, Map.of(v1, 4));
        return v1;
    }
}
