package io.kulta.core;

import io.kulta.model.Rollout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.kulta.core.ObservationBuilder.observe;
import static io.kulta.core.Rollouts.T0;
import static io.kulta.core.Rollouts.canaryStatus;
import static io.kulta.core.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §3 "Deleting a Rollout": what a deleted Rollout leaves behind, and when it is let go. */
class CleanupTest {
    static final Cleanup CLEANUP = new Cleanup(Duration.ofSeconds(60));

    @Test
    void aCanaryDeletedMidRolloutPutsEveryWeightedRuleOnStableOnceStableHasItsPods() {
        Plan plan = CLEANUP.plan(observe(deleting(Rollouts.canary("shop").replicas(5).steps(setWeight(20)).httpRoute("shop-route")
                .port(8080).status(canaryStatus("s1", "c2", 0, 20)))).replicaSet("s1", 5, 5).replicaSet("c2", 1, 1).build());

        assertThat(plan.traffic()).isEqualTo(new TrafficSplit("shop-route", "shop-stable", "shop-canary", 0, 8080));
        assertThat(plan.serviceRevisions()).as("shop-canary still has weight while this is written: it moves next")
                .isEqualTo(Map.of("shop-stable", "s1", "shop-canary", "c2"));
        assertThat(plan.abRoute()).isNull();
        assertThat(plan.replicas()).as("stable has its N; the ReplicaSets go with their owner").isEmpty();
        assertThat(plan.transitions()).isEmpty();
    }

    @Test
    void aDeletedCanaryMovesItsWeightBackMakeBeforeBreak() {
        Observation o = observe(deleting(canaryAt20())).replicaSet("s1", 4, 4).replicaSet("c2", 1, 1).at(T0.plusSeconds(1)).build();

        Plan plan = CLEANUP.plan(o);

        assertThat(plan.replicas()).as("stable back to N first").isEqualTo(Map.of("s1", 5));
        assertThat(plan.traffic().canaryWeight()).as("stable's 4 of 5 pods carry 80%").isEqualTo(20);
        assertThat(CLEANUP.outcome(o, null)).as("not done while the canary carries weight").isEmpty();
    }

    @Test
    void aBlueGreenDeletedInPreviewPutsTheRouteAndBothServicesOnTheActiveRevision() {
        Plan plan = CLEANUP.plan(observe(deleting(Rollouts.blueGreen("shop").httpRoute("shop-route")
                .status(canaryStatus("s1", "p2", 0, 0)))).replicaSet("s1", 4, 4).replicaSet("p2", 4, 4).build());

        assertThat(plan.traffic()).isEqualTo(new TrafficSplit("shop-route", "shop-active", "shop-preview", 0, 80));
        assertThat(plan.serviceRevisions()).isEqualTo(Map.of("shop-active", "s1", "shop-preview", "s1"));
    }

    @Test
    void anAbRolloutDeletedMidExperimentRemovesItsRulesAndLeavesTheUsersRulesUnweighted() {
        Plan plan = CLEANUP.plan(observe(deleting(Rollouts.abTesting("shop").status(canaryStatus("a1", "b2", 0, 0)))).build());

        assertThat(plan.abRoute()).isNotNull();
        assertThat(plan.abRoute().present()).isFalse();
        assertThat(plan.abRoute().httpRoute()).isEqualTo("shop-route");
        assertThat(plan.traffic()).as("A/B never weights the user's rules").isNull();
        assertThat(plan.serviceRevisions()).isEqualTo(Map.of("shop-a", "a1", "shop-b", "a1"));
    }

    @Test
    void anAbRolloutDeletedMidExperimentRemovesBsRulesBeforeItsServiceGoesBackToA() {
        Rollouts.Builder ab = Rollouts.abTesting("shop").status(canaryStatus("a1", "b2", 0, 0));
        ObservedTraffic withRules = new ObservedTraffic(Map.of("shop-a", new ServiceSelection("a1", null), "shop-b", new ServiceSelection("b2", null)),
                Map.of("shop-a", 1, "shop-b", 100));
        Observation o = observe(deleting(ab)).replicaSet("a1", 4, 4).replicaSet("b2", 4, 4).traffic(withRules).build();

        Plan plan = CLEANUP.plan(o);

        assertThat(plan.abRoute().present()).isFalse();
        assertThat(plan.serviceRevisions()).as("shop-b carries B's rules while this is written: it moves next").isEqualTo(Map.of("shop-a", "a1"));
        assertThat(CLEANUP.outcome(o, null)).as("not done while shop-b selects B").isEmpty();

        ObservedTraffic rulesGone = new ObservedTraffic(withRules.selections(), Map.of("shop-a", 1));
        Observation next = observe(deleting(ab)).replicaSet("a1", 4, 4).replicaSet("b2", 4, 4).traffic(rulesGone).build();
        assertThat(CLEANUP.plan(next).serviceRevisions()).isEqualTo(Map.of("shop-a", "a1", "shop-b", "a1"));
    }

    @Test
    void aRolloutDeletedBeforeItsFirstDeploymentHasNothingToPointAnywhere() {
        Observation o = observe(deleting(Rollouts.canary("shop").httpRoute("shop-route"))).build();

        Plan plan = CLEANUP.plan(o);

        assertThat(plan.serviceRevisions()).isEmpty();
        assertThat(plan.traffic()).isNull();
        assertThat(CLEANUP.outcome(o, null)).hasValueSatisfying(t -> assertThat(t.action()).isEqualTo(Transition.Action.REMOVED));
    }

    @Test
    void everyWriteDoneReleasesTheRolloutWithARemovedTransition() {
        Observation o = observe(deleting(canaryAt20())).replicaSet("s1", 5, 5).replicaSet("c2", 1, 1).at(T0.plusSeconds(1))
                .traffic(new ObservedTraffic(Map.of("shop-stable", new ServiceSelection("s1", null), "shop-canary", new ServiceSelection("s1", null)),
                        Map.of("shop-stable", 100, "shop-canary", 0)))
                .build();

        assertThat(CLEANUP.outcome(o, null)).hasValueSatisfying(t -> {
            assertThat(t.action()).isEqualTo(Transition.Action.REMOVED);
            assertThat(t.message()).contains("stable revision s1");
        });
    }

    @Test
    void aRefusedWriteWithinTheTimeoutIsTriedAgainSoon() {
        Observation o = observe(deleting(canaryAt20())).at(T0.plusSeconds(58)).build();

        assertThat(CLEANUP.outcome(o, "HTTPRoute shop-route: HTTP 403")).isEmpty();
        assertThat(CLEANUP.plan(o).requeueAfter()).as("never later than the timeout").isEqualTo(Duration.ofSeconds(2));
        assertThat(CLEANUP.plan(observe(deleting(canaryAt20())).at(T0).build()).requeueAfter()).isEqualTo(Cleanup.RETRY);
    }

    @Test
    void aRefusedWriteAfterTheTimeoutReleasesTheRolloutWithAWarningNamingWhatFailed() {
        Observation o = observe(deleting(canaryAt20())).at(T0.plusSeconds(60)).build();

        assertThat(CLEANUP.outcome(o, "HTTPRoute shop-route: HTTP 403 Forbidden")).hasValueSatisfying(t -> {
            assertThat(t.action()).isEqualTo(Transition.Action.CLEANUP_TIMED_OUT);
            assertThat(t.action().warning()).isTrue();
            assertThat(t.message()).contains("60s", "HTTPRoute shop-route: HTTP 403 Forbidden", "s1");
        });
    }

    @Test
    void aRouteThatIsGoneCannotBeCleanedUpAndIsWaitedForUntilTheTimeout() {
        var rollout = deleting(canaryAt20());

        assertThat(CLEANUP.outcome(observe(rollout).routes().at(T0.plusSeconds(30)).build(), null)).isEmpty();
        assertThat(CLEANUP.outcome(observe(rollout).routes().at(T0.plusSeconds(61)).build(), null))
                .hasValueSatisfying(t -> assertThat(t.message()).contains("HTTPRoute shop-route not found"));
    }

    @Test
    void onlyAValidRolloutThatIsNotBeingDeletedNeedsTheFinalizer() {
        assertThat(CLEANUP.needsFinalizer(observe(canaryAt20()).build())).isTrue();
        assertThat(CLEANUP.needsFinalizer(observe(canaryAt20().spec(s -> s.strategy.canary.steps = List.of())).build()))
                .as("an invalid Rollout gets no write").isFalse();
        Rollout held = canaryAt20().build();
        held.getMetadata().setFinalizers(List.of("example.com/other", Cleanup.FINALIZER));
        assertThat(CLEANUP.needsFinalizer(observe(held).build())).isFalse();
        Rollout deletedUnheld = canaryAt20().build();
        deletedUnheld.getMetadata().setDeletionTimestamp(Timestamps.format(T0));
        assertThat(CLEANUP.needsFinalizer(observe(deletedUnheld).build())).isFalse();
        assertThat(CLEANUP.deleting(observe(deletedUnheld).build())).as("never planned again").isTrue();
        assertThat(CLEANUP.pending(observe(deletedUnheld).build())).as("not ours to clean up").isFalse();
        assertThat(CLEANUP.deleting(observe(canaryAt20()).build())).isFalse();
        assertThat(CLEANUP.pending(observe(deleting(canaryAt20())).build())).isTrue();
    }

    private static Rollouts.Builder canaryAt20() {
        return Rollouts.canary("shop").replicas(5).steps(setWeight(20)).httpRoute("shop-route").status(canaryStatus("s1", "c2", 0, 20));
    }

    /** Deleted at T0, still held by the finalizer. */
    private static Rollout deleting(Rollouts.Builder builder) {
        Rollout r = builder.build();
        r.getMetadata().setFinalizers(List.of(Cleanup.FINALIZER));
        r.getMetadata().setDeletionTimestamp(Timestamps.format(T0));
        return r;
    }
}
