package io.kulta.scenario;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kulta.scenario.ScenarioWaits.awaitReplicas;
import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** State lives in the cluster: a new controller resumes a rollout at the step the old one left it. On each tier. */
abstract class RestartScenario {
    static final String ROLLOUT = "kulta-demo";

    KultaCluster cluster = newCluster();
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    List<Integer> stepsSeen = new CopyOnWriteArrayList<>();

    /** A new cluster of this tier for one test. */
    abstract KultaCluster newCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aRestartedControllerResumesAtTheSameStepAndNeverGoesBack() throws Exception {
        Watch watch = watchSteps();
        cluster.apply(Path.of("examples/canary.yaml"));
        String v1, v2;
        try (RunningController first = RunningController.start(cluster, clock, Map.of())) {
            v1 = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
            cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
            awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Paused));
            cluster.annotate(ROLLOUT, "kulta.io/promote", "true");
            v2 = awaitStatus(cluster, ROLLOUT, s -> {
                assertThat(s.currentStepIndex).isEqualTo(1);
                assertThat(s.phase).isEqualTo(Phase.Paused);
            }).canaryRevision;
            awaitReplicas(cluster, ROLLOUT, Map.of(v1, 3, v2, 3));   // 5 @ 50%: each side at least its share
        }

        // while no controller runs, the pause keeps its stored start time
        clock.advance(Duration.ofSeconds(10));
        try (RunningController second = RunningController.start(cluster, clock, Map.of())) {
            // the status already said this before the restart: it must still say it once the new controller has looked
            ScenarioWaits.awaitReconciles(second, 3);
            var resumed = cluster.status(ROLLOUT);
            assertThat(resumed.phase).isEqualTo(Phase.Paused);
            assertThat(resumed.currentStepIndex).isEqualTo(1);
            assertThat(resumed.currentWeight).isEqualTo(50);
            assertThat(resumed.pauseStartTime).isEqualTo("2026-11-25T10:00:00Z");
            assertThat(cluster.replicas(ROLLOUT)).containsEntry(v1, 3).containsEntry(v2, 3);

            clock.advance(Duration.ofSeconds(20)); // the 30 s pause is over, counting the time the controller was down
            awaitStatus(cluster, ROLLOUT, s -> {
                assertThat(s.currentStepIndex).isEqualTo(2);
                assertThat(s.phase).isEqualTo(Phase.Paused);
            });
            clock.advance(Duration.ofSeconds(30));
            awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        }
        watch.close();

        assertThat(stepsSeen).isSortedAccordingTo(Integer::compare);
        assertThat(stepsSeen).contains(0, 1, 2, 3);
        assertThat(cluster.eventReasons(ROLLOUT)).filteredOn("Promoted"::equals).hasSize(1);
    }

    /** Records every currentStepIndex the Rollout goes through while it is on revision 2. */
    private Watch watchSteps() {
        return cluster.client().resources(Rollout.class).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Rollout r) {
                var s = r.getStatus();
                if (s != null && s.canaryRevision != null && s.currentStepIndex != null) stepsSeen.add(s.currentStepIndex);
                if (s != null && s.canaryRevision == null && !stepsSeen.isEmpty() && s.phase == Phase.Completed)
                    stepsSeen.add(s.currentStepIndex);
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }
}
