package io.kulta.core;

import io.kulta.model.CanaryStep;
import io.kulta.model.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.kulta.core.ObservationBuilder.observe;
import static io.kulta.core.Plans.actions;
import static io.kulta.core.Plans.condition;
import static io.kulta.core.Rollouts.canary;
import static io.kulta.core.Rollouts.canaryStatus;
import static io.kulta.core.Rollouts.pause;
import static io.kulta.core.Rollouts.setWeight;
import static io.kulta.core.Rollouts.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §3 Canary, one reconcile at a time: the weight of each step, the replica split, readiness
 * gating, the Services' selectors and the HTTPRoute split. v1 is stable, v2 is the canary.
 */
class CanaryStepsTest {
    static final String V1 = canary("shop").image("shop:v1").revision();
    static final String V2 = canary("shop").image("shop:v2").revision();
    static final CanaryStep[] STEPS = {setWeight(20), pause(), pause("1m"), setWeight(50), setWeight(0), pause(), setWeight(100)};

    @ParameterizedTest(name = "step {0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            0 | 20  | setWeight 20 sends 20%
            1 | 20  | a pause without setWeight keeps the previous weight
            2 | 20  | a second pause still keeps it
            3 | 50  | setWeight 50 sends 50%
            4 | 0   | setWeight 0 takes all traffic back to stable
            5 | 0   | a pause after setWeight 0 keeps 0
            6 | 100 | setWeight 100 sends everything to the canary
            """)
    void eachStepSetsItsWeightOrKeepsThePreviousOne(int step, int weight, String why) {
        Plan plan = observe(shopV2(10).steps(STEPS).status(canaryStatus(V1, V2, step, weight)))
                .replicaSet(V1, 10, 10).replicaSet(V2, 10, 10).plan();

        assertThat(plan.status().currentWeight).isEqualTo(weight);
        assertThat(plan.traffic().canaryWeight()).isEqualTo(weight);
        assertThat(plan.replicas()).containsEntry(V2, ReplicaSplit.canary(10, weight)).containsEntry(V1, ReplicaSplit.stableRouted(10, weight));
    }

    @Test
    void aLeadingPauseWithoutAnyWeightSendsNothingToTheCanary() {
        Plan plan = observe(shopV2(5).steps(pause(), setWeight(50)).status(canaryStatus(V1, V2, 0, 0)))
                .replicaSet(V1, 5, 5).replicaSet(V2, 0, 0).plan();

        assertThat(plan.status().phase).isEqualTo(Phase.Paused);
        assertThat(plan.replicas()).containsEntry(V1, 5).containsEntry(V2, 0);
        assertThat(plan.traffic().canaryWeight()).isZero();
    }

    @ParameterizedTest(name = "{0} replicas at {1}% with a route → stable {2}, canary {3}")
    @CsvSource({"3, 50, 2, 2", "5, 20, 4, 1", "5, 50, 3, 3", "5, 90, 1, 5", "1, 20, 1, 1", "2, 50, 1, 1", "10, 33, 7, 4",
            "5, 0, 5, 0", "5, 100, 0, 5", "0, 50, 0, 0"})
    void theReplicaSetsAreScaledByTheRoundingRule(int replicas, int weight, int stable, int canary) {
        Plan plan = observe(shopV2(replicas).steps(step(weight, null)).status(canaryStatus(V1, V2, 0, weight)))
                .replicaSet(V1, stable, stable).replicaSet(V2, canary, canary).plan();

        assertThat(plan.replicas()).containsEntry(V1, stable).containsEntry(V2, canary);
        assertThat(plan.status().phase).isEqualTo(Phase.Paused);
    }

    @ParameterizedTest(name = "{0} replicas at {1}% without a route → stable {2}, canary {3}")
    @CsvSource({"3, 50, 1, 2", "5, 20, 4, 1", "10, 33, 6, 4", "1, 20, 0, 1", "5, 0, 5, 0", "5, 100, 0, 5"})
    void withoutARouteTheReplicasAreTheWeights(int replicas, int weight, int stable, int canary) {
        Plan plan = observe(shopV2(replicas).httpRoute(null).steps(step(weight, null)).status(canaryStatus(V1, V2, 0, weight)))
                .replicaSet(V1, stable, stable).replicaSet(V2, canary, canary).plan();

        assertThat(plan.replicas()).containsEntry(V1, stable).containsEntry(V2, canary);
        assertThat(plan.status().phase).isEqualTo(Phase.Paused);
    }

    @Test
    void theWeightDoesNotShiftUntilTheCanaryHasItsReplicasAvailable() {
        // at step 2 (50%) the canary needs 5 of 10 pods; it has 3
        Plan plan = observe(shopV2(10).steps(step(20, null), step(50, null)).status(canaryStatus(V1, V2, 1, 20)))
                .replicaSet(V1, 8, 8).replicaSet(V2, 5, 3).plan();

        assertThat(plan.status().currentWeight).isEqualTo(20);
        assertThat(plan.traffic().canaryWeight()).isEqualTo(20);
        assertThat(plan.replicas()).as("canary scaled up, stable not yet down").containsEntry(V2, 5).containsEntry(V1, 8);
        assertThat(plan.status().phase).isEqualTo(Phase.Progressing);
        assertThat(plan.status().message)
                .isEqualTo("step 2/2: waiting for canary replicas (3/5 available) before shifting 50% of traffic");
        assertThat(condition(plan, Conditions.PROGRESSING).getReason()).isEqualTo("WaitingForReplicas");
        assertThat(plan.transitions()).isEmpty();
    }

    @Test
    void onceTheCanaryIsReadyTheWeightShiftsAndStableShrinks() {
        Plan plan = observe(shopV2(10).steps(step(20, null), step(50, null)).status(canaryStatus(V1, V2, 1, 20)))
                .replicaSet(V1, 8, 8).replicaSet(V2, 5, 5).plan();

        assertThat(plan.traffic().canaryWeight()).isEqualTo(50);
        assertThat(plan.replicas()).containsEntry(V2, 5).containsEntry(V1, 5);
        assertThat(plan.status().phase).isEqualTo(Phase.Paused);
    }

    @Test
    void aNewRevisionStartsAtZeroPercentUntilItsFirstPodsAreAvailable() {
        Plan plan = observe(shopV2(5).steps(setWeight(20), pause()).status(Rollouts.stableStatus(V1)))
                .replicaSet(V1, 5, 5).plan();

        assertThat(plan.replicas()).containsEntry(V2, 1).containsEntry(V1, 5);
        assertThat(plan.traffic().canaryWeight()).isZero();
        assertThat(plan.status().currentWeight).isZero();
        assertThat(plan.status().canaryRevision).isEqualTo(V2);
        assertThat(plan.status().currentStepIndex).isZero();
        assertThat(plan.status().phase).isEqualTo(Phase.Progressing);
        assertThat(actions(plan)).containsExactly(Transition.Action.STARTED);
    }

    @Test
    void aStepThatLowersTheWeightKeepsItUntilStableHasThePodsForIt() {
        Plan plan = observe(shopV2(10).steps(setWeight(50), setWeight(10), pause()).status(canaryStatus(V1, V2, 1, 50)))
                .replicaSet(V1, 5, 5).replicaSet(V2, 5, 5).plan();

        assertThat(plan.status().currentWeight).as("stable's 5 of 10 pods carry 50%, not 90%").isEqualTo(50);
        assertThat(plan.replicas()).as("stable grows first; the canary keeps the pods of the weight it still carries")
                .containsEntry(V2, 5).containsEntry(V1, 9);
    }

    @Test
    void aStepThatLowersTheWeightTakesEffectOnceStableHasThePods() {
        Plan plan = observe(shopV2(10).steps(setWeight(50), setWeight(10), pause()).status(canaryStatus(V1, V2, 1, 50)))
                .replicaSet(V1, 9, 9).replicaSet(V2, 5, 5).plan();

        assertThat(plan.status().currentWeight).isEqualTo(10);
        assertThat(plan.replicas()).containsEntry(V2, 1).containsEntry(V1, 9);
    }

    @Test
    void aStepWithoutPauseAdvancesAsSoonAsItsWeightIsAppliedAndReady() {
        Plan plan = observe(shopV2(5).steps(setWeight(20), setWeight(60), pause()).status(canaryStatus(V1, V2, 0, 0)))
                .replicaSet(V1, 5, 5).replicaSet(V2, 1, 1).plan();

        assertThat(plan.status().currentWeight).isEqualTo(20);
        assertThat(plan.status().currentStepIndex).isEqualTo(1);
        assertThat(plan.status().phase).isEqualTo(Phase.Progressing);
        assertThat(plan.status().message).isEqualTo("step 1/3 done at 20%; entering step 2/3 (60%)");
        assertThat(actions(plan)).containsExactly(Transition.Action.STEP_ADVANCED);
    }

    @Test
    void theCanaryServiceSelectsStableWhileTheCanaryHasNoAvailablePod() {
        Plan plan = observe(shopV2(5).steps(setWeight(20), pause()).status(canaryStatus(V1, V2, 0, 0)))
                .replicaSet(V1, 5, 5).replicaSet(V2, 1, 0).plan();

        assertThat(plan.serviceRevisions()).containsEntry("shop-stable", V1).containsEntry("shop-canary", V1);
    }

    @Test
    void theCanaryServiceSelectsTheNewRevisionOnceItHasAnAvailablePod() {
        // 1 of 3 canary pods is up: not enough for the weight, enough for the Service
        Plan plan = observe(shopV2(5).steps(setWeight(50), pause()).status(canaryStatus(V1, V2, 0, 0)))
                .replicaSet(V1, 5, 5).replicaSet(V2, 3, 1).plan();

        assertThat(plan.serviceRevisions()).containsEntry("shop-stable", V1).containsEntry("shop-canary", V2);
        assertThat(plan.status().currentWeight).isZero();
    }

    @Test
    void noServiceIsPointedAtARevisionWithoutAvailablePods() {
        Plan plan = observe(shopV2(5).steps(setWeight(20), pause()).status(canaryStatus(V1, V2, 0, 0)))
                .replicaSet(V1, 5, 0).replicaSet(V2, 1, 0).plan();

        assertThat(plan.serviceRevisions()).isEmpty();
    }

    @Test
    void withoutTrafficRoutingThePlanLeavesRoutesAlone() {
        Plan plan = observe(canary("shop").image("shop:v2").replicas(5).steps(setWeight(20), pause())
                .status(canaryStatus(V1, V2, 0, 20))).replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).plan();

        assertThat(plan.traffic()).isNull();
        assertThat(plan.replicas()).containsEntry(V1, 4).containsEntry(V2, 1);
    }

    @Test
    void withAnHttpRouteThePlanCarriesTheSplitWithPort80ByDefault() {
        Plan plan = observe(shopV2(5).httpRoute("shop-route").steps(setWeight(20), pause()).status(canaryStatus(V1, V2, 0, 20)))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).plan();

        assertThat(plan.traffic()).isEqualTo(new TrafficSplit("shop-route", "shop-stable", "shop-canary", 20, 80));
        assertThat(plan.traffic().stableWeight()).isEqualTo(80);
    }

    @Test
    void theStrategyPortIsUsedForBackendRefsTheControllerAdds() {
        Plan plan = observe(shopV2(5).httpRoute("shop-route").port(8080).steps(setWeight(20), pause())
                .status(canaryStatus(V1, V2, 0, 20))).replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).plan();

        assertThat(plan.traffic().port()).isEqualTo(8080);
    }

    @Test
    void theStatusCountsWhatTheClusterReports() {
        var status = canaryStatus(V1, V2, 0, 20);
        Plan plan = observe(shopV2(5).generation(7).steps(setWeight(20), pause()).status(status))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 0).plan();

        assertThat(plan.status().replicas).isEqualTo(5);
        assertThat(plan.status().readyReplicas).isEqualTo(4);
        assertThat(plan.status().updatedReplicas).isEqualTo(1);
        assertThat(plan.status().selector).isEqualTo("app=shop");
        assertThat(plan.status().observedGeneration).isEqualTo(7);
        assertThat(condition(plan, Conditions.HEALTHY).getStatus()).isEqualTo("False");
        assertThat(condition(plan, Conditions.VALID).getStatus()).isEqualTo("True");
    }

    @Test
    void aStepIndexOutsideTheStepsIsClampedInsteadOfFailing() {
        Plan beyond = observe(shopV2(5).steps(step(20, null)).status(canaryStatus(V1, V2, 99, 20)))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).plan();
        Plan negative = observe(shopV2(5).steps(step(20, null)).status(canaryStatus(V1, V2, -3, 20)))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).plan();

        assertThat(beyond.status().currentStepIndex).as("past the last step: completing").isEqualTo(1);
        assertThat(beyond.replicas()).containsEntry(V2, 5);
        assertThat(negative.status().currentStepIndex).isZero();
    }

    private static Rollouts.Builder shopV2(int replicas) {
        return canary("shop").image("shop:v2").replicas(replicas).httpRoute("shop-route");
    }
}
