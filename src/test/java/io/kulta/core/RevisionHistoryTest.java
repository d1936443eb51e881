package io.kulta.core;

import io.kulta.model.Rollout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.kulta.core.ObservationBuilder.observe;
import static io.kulta.core.Rollouts.T0;
import static io.kulta.core.Rollouts.canary;
import static io.kulta.core.Rollouts.revisionOf;
import static io.kulta.core.Rollouts.stableStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §3 spec.revisionHistoryLimit: old ReplicaSets at zero beyond the limit are deleted, oldest first. */
class RevisionHistoryTest {

    @Test
    void oldRevisionsBeyondTheLimitAreDeletedOldestFirstAndTheStableOneNever() {
        Rollout rollout = canary("shop").replicas(3).status(stableStatus("stable"))
                .spec(s -> s.revisionHistoryLimit = 1).build();
        Plan plan = observe(rollout)
                .replicaSet(revisionOf(rollout), 3, 3)   // the template is the stable revision here
                .replicaSet("stable", 3, 3)
                .oldReplicaSet("newest", T0.minus(Duration.ofHours(1)))
                .oldReplicaSet("oldest", T0.minus(Duration.ofHours(3)))
                .oldReplicaSet("middle", T0.minus(Duration.ofHours(2)))
                .plan();

        assertThat(plan.deletions()).containsExactly("shop-oldest", "shop-middle");
    }

    @Test
    void withoutALimitTenOldRevisionsAreKept() {
        Rollout rollout = canary("shop").replicas(1).status(stableStatus("stable")).build();
        ObservationBuilder observed = observe(rollout).replicaSet("stable", 1, 1);
        for (int i = 0; i < 11; i++) observed.oldReplicaSet("old" + i, T0.minus(Duration.ofMinutes(100 - i)));

        assertThat(observed.plan().deletions()).containsExactly("shop-old0");
    }

    @Test
    void aReplicaSetStillRunningPodsIsNotDeletedYet() {
        ReplicaSetState draining = new ReplicaSetState("shop-a", "a", 0, 1, 0, 0, "a", T0.minus(Duration.ofHours(2)));
        ReplicaSetState idle = new ReplicaSetState("shop-b", "b", 0, 0, 0, 0, "b", T0.minus(Duration.ofHours(1)));
        ReplicaSetState scaledInThisPlan = new ReplicaSetState("shop-c", "c", 2, 2, 2, 2, "c", T0.minus(Duration.ofHours(3)));

        assertThat(RevisionHistory.toDelete(List.of(draining, idle, scaledInThisPlan), Set.of(), Map.of("c", 0), 0))
                .containsExactly("shop-b");
    }

    @Test
    void theCanaryRevisionIsNeverDeletedEvenAtZero() {
        ReplicaSetState canary = new ReplicaSetState("shop-c", "c", 0, 0, 0, 0, "c", T0.minus(Duration.ofHours(3)));
        ReplicaSetState old = new ReplicaSetState("shop-o", "o", 0, 0, 0, 0, "o", T0.minus(Duration.ofHours(2)));

        assertThat(RevisionHistory.toDelete(List.of(canary, old), Set.of("c"), Map.of(), 0)).containsExactly("shop-o");
    }
}
