package io.kulta.scenario;

import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SPEC §3 spec.revisionHistoryLimit: with a limit of 1, only the newest old ReplicaSet stays beside the stable one. */
class RevisionHistoryScenarioTest {
    KultaCluster cluster = new KultaCluster("history", false);
    RunningController controller;

    @BeforeEach
    void start() throws Exception {
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void threeTemplateChangesWithALimitOfOneLeaveTheStableAndTheNewestOldReplicaSet() {
        cluster.apply(Path.of("examples/simple.yaml"));
        cluster.editRollout("catalog", r -> {
            r.getSpec().revisionHistoryLimit = 1;
            return r;
        });
        String previous = null;
        for (String version : new String[] {"1.0.0", "2.0.0", "3.0.0", "4.0.0"}) {
            String image = "ghcr.io/example/catalog:" + version;
            if (!version.equals("1.0.0")) cluster.setImage("catalog", image);
            String revision = cluster.revisionWithImage("catalog", image);
            awaitStatus(cluster, "catalog", s -> {
                assertThat(s.phase).isEqualTo(Phase.Completed);
                assertThat(s.stableRevision).isEqualTo(revision);
            });
            if (previous != null) awaitOldScaledToZero(previous);
            previous = revision;
            // creationTimestamp has whole seconds: the next revision's ReplicaSet must be visibly newer
            await().pollDelay(Duration.ofMillis(1100)).atMost(2, TimeUnit.SECONDS).until(() -> true);
        }

        String stable = cluster.status("catalog").stableRevision;
        String newestOld = cluster.revisionWithImage("catalog", "ghcr.io/example/catalog:3.0.0");
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(cluster.replicas("catalog").keySet()).containsExactlyInAnyOrder(stable, newestOld));
    }

    private void awaitOldScaledToZero(String revision) {
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(cluster.replicaSets("catalog").stream()
                        .filter(rs -> revision.equals(rs.getMetadata().getLabels().get("pod-template-hash")))
                        .allMatch(rs -> rs.getSpec().getReplicas() == 0
                                && (rs.getStatus() == null || rs.getStatus().getReplicas() == null || rs.getStatus().getReplicas() == 0)))
                        .isTrue());
    }
}
