package io.kulta.core;

import io.kulta.model.Rollout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static io.kulta.core.Rollouts.canary;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §3 "Traffic safety", one move at a time, with the default settle time of 5 s. */
class SafeTrafficTest {
    static final String S = "stable-rev";
    static final String C = "canary-rev";
    static final Duration SETTLE = Duration.ofSeconds(5);
    static final Instant NOW = Rollouts.T0;

    @Test
    void weightMovesOntoACanaryServiceThatSettledLongAgo() {
        SafeTraffic.Move move = safe(5, Map.of(S, 5, C, 1), selects(S, null, C, null), 0).toward(goal(S, C, 20));

        assertThat(move.canaryWeight()).isEqualTo(20);
        assertThat(move.reached()).isTrue();
        assertThat(move.repointed()).isEmpty();
    }

    @Test
    void weightWaitsUntilTheCanaryServiceHasSelectedItsRevisionForTheSettleTime() {
        var selections = selects(S, null, C, NOW.minusSeconds(2));

        SafeTraffic.Move early = safe(5, Map.of(S, 5, C, 1), selections, 0).toward(goal(S, C, 20));
        SafeTraffic.Move settled = safe(5, Map.of(S, 5, C, 1), selects(S, null, C, NOW.minusSeconds(5)), 0).toward(goal(S, C, 20));

        assertThat(early.canaryWeight()).as("3 s left to settle").isZero();
        assertThat(early.reached()).isFalse();
        assertThat(safe(5, Map.of(S, 5, C, 1), selections, 0).settlesAt("shop-stable", "shop-canary")).contains(NOW.plusSeconds(3));
        assertThat(settled.canaryWeight()).isEqualTo(20);
    }

    @Test
    void aServiceRepointedInThisMoveGetsNoWeightInTheSameMove() {
        SafeTraffic safe = safe(5, Map.of(S, 5, C, 1), selects(S, null, S, null), 0);

        SafeTraffic.Move move = safe.toward(goal(S, C, 20));

        assertThat(move.repointed()).containsExactly("shop-canary");
        assertThat(move.selectors()).containsEntry("shop-canary", C).containsEntry("shop-stable", S);
        assertThat(move.canaryWeight()).isZero();
        assertThat(safe.settlesAt("shop-canary")).contains(NOW.plus(SETTLE));
    }

    @Test
    void podsAScaleDownIsTakingAwayCarryNoWeightBackEvenWhileTheStatusStillCountsThem() {
        Rollout rollout = canary("shop").replicas(5).httpRoute("shop-route").build();
        // stable was being scaled 5 → 4 for the 20% step; its status still says 5 available
        Map<String, ReplicaSetState> replicaSets = Map.of(S, new ReplicaSetState("shop-" + S, S, 4, 5, 5, 5), C, new ReplicaSetState("shop-" + C, C, 1, 1, 1, 1));
        ObservedTraffic traffic = new ObservedTraffic(selects(S, null, C, null), Map.of("shop-stable", 80, "shop-canary", 20));
        Observation o = new Observation(rollout, replicaSets, Set.of("shop-stable", "shop-canary"), Set.of("shop-route"), NOW, null, traffic);

        SafeTraffic.Move abort = new SafeTraffic(o, traffic, 5, SETTLE, true).toward(goal(S, C, 0));

        assertThat(abort.canaryWeight()).as("stable's 4 pods that stay carry 80%, not 100%").isEqualTo(20);
    }

    @Test
    void aServiceWithWeightIsNeverRepointed() {
        SafeTraffic.Move move = safe(5, Map.of(S, 5, C, 5), selects(S, null, C, null), 100).toward(goal(C, C, 0));

        assertThat(move.repointed()).as("shop-stable has no weight: it may move").containsExactly("shop-stable");
        SafeTraffic.Move blocked = safe(5, Map.of(S, 5, C, 5), selects(S, null, C, null), 80).toward(goal(C, C, 0));
        assertThat(blocked.repointed()).as("shop-stable carries 20%").isEmpty();
        assertThat(blocked.selectors()).containsEntry("shop-stable", S);
    }

    @Test
    void forwardsTheWholeStepWaitsForTheCanarysShareOfPods() {
        SafeTraffic.Move move = safe(10, Map.of(S, 10, C, 4), selects(S, null, C, null), 20).toward(goal(S, C, 50));

        assertThat(move.canaryWeight()).as("50% of 10 needs 5 canary pods").isEqualTo(20);
    }

    @Test
    void backwardsStableTakesWeightAsFastAsItsAvailablePodsCarryIt() {
        SafeTraffic.Move move = safe(5, Map.of(S, 2, C, 3), selects(S, null, C, null), 60).toward(goal(S, C, 0));

        assertThat(move.canaryWeight()).as("2 of 5 stable pods carry 40%").isEqualTo(60);
        assertThat(safe(5, Map.of(S, 4, C, 3), selects(S, null, C, null), 60).toward(goal(S, C, 0)).canaryWeight()).isEqualTo(20);
        assertThat(safe(5, Map.of(S, 5, C, 3), selects(S, null, C, null), 60).toward(goal(S, C, 0)).canaryWeight()).isZero();
    }

    private static SafeTraffic safe(int replicas, Map<String, Integer> available, Map<String, ServiceSelection> selections, int canaryWeight) {
        Rollout rollout = canary("shop").replicas(replicas).httpRoute("shop-route").build();
        Map<String, ReplicaSetState> replicaSets = new java.util.HashMap<>();
        available.forEach((rev, n) -> replicaSets.put(rev, new ReplicaSetState("shop-" + rev, rev, n, n, n, n)));
        ObservedTraffic traffic = new ObservedTraffic(selections, Map.of("shop-stable", 100 - canaryWeight, "shop-canary", canaryWeight));
        Observation o = new Observation(rollout, replicaSets, Set.of("shop-stable", "shop-canary"), Set.of("shop-route"), NOW, null, traffic);
        return new SafeTraffic(o, traffic, replicas, SETTLE, true);
    }

    private static Map<String, ServiceSelection> selects(String stable, Instant stableSince, String canary, Instant canarySince) {
        return Map.of("shop-stable", new ServiceSelection(stable, stableSince), "shop-canary", new ServiceSelection(canary, canarySince));
    }

    private static SafeTraffic.Goal goal(String stableRevision, String canaryRevision, int canaryWeight) {
        return new SafeTraffic.Goal("shop-stable", stableRevision, "shop-canary", canaryRevision, canaryWeight);
    }
}
