package io.kulta.core;

import io.kulta.core.analysis.Measurement;
import io.kulta.core.analysis.Sample;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.kulta.core.ObservationBuilder.observe;
import static io.kulta.core.Plans.actions;
import static io.kulta.core.Plans.condition;
import static io.kulta.core.Rollouts.T0;
import static io.kulta.core.Rollouts.canary;
import static io.kulta.core.Rollouts.canaryStatus;
import static io.kulta.core.Rollouts.step;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §4 in the canary planner: rollback on failing metrics, failurePolicy on errors, pauses wait for a pass. */
class CanaryAnalysisTest {
    static final String V1 = canary("shop").image("shop:v1").revision();
    static final String V2 = canary("shop").image("shop:v2").revision();

    @Test
    void aFailingMetricRollsBackToStableWithTheMetricValueAndThresholdInTheMessage() {
        Plan plan = paused(AnalysisConfig.FailurePolicy.Pause).measured(errorRate(21.5)).plan();

        assertThat(plan.status().phase).isEqualTo(Phase.Failed);
        assertThat(plan.status().message).contains("rolled back to stable revision " + V1, "error-rate 21.50 > threshold 5");
        assertThat(plan.replicas()).as("the canary keeps its pods until its weight has been 0 for abortScaleDownDelaySeconds")
                .containsEntry(V2, 1).containsEntry(V1, 5);
        assertThat(plan.traffic().canaryWeight()).as("stable's 4 of 5 pods carry 80% until its fifth is up").isEqualTo(20);
        assertThat(actions(plan)).containsExactly(Transition.Action.ROLLED_BACK);
        assertThat(plan.status().lastAnalysis.metrics.get(0).consecutiveFailures).isEqualTo(1);
    }

    @Test
    void aFailedRolloutStaysOnStableUntilRetried() {
        RolloutStatus failed = paused(AnalysisConfig.FailurePolicy.Pause).measured(errorRate(21.5)).plan().status();

        Plan held = observe(rollout(AnalysisConfig.FailurePolicy.Pause).status(failed)).replicaSet(V1, 5, 5).replicaSet(V2, 0, 0).plan();
        assertThat(held.status().phase).isEqualTo(Phase.Failed);
        assertThat(held.transitions()).isEmpty();

        Plan retried = observe(rollout(AnalysisConfig.FailurePolicy.Pause).status(failed).annotate(Annotations.RETRY, "true"))
                .replicaSet(V1, 5, 5).replicaSet(V2, 0, 0).plan();
        assertThat(retried.status().phase).isNotEqualTo(Phase.Failed);
        assertThat(retried.status().currentStepIndex).isZero();
        assertThat(retried.consumed()).contains(Annotations.RETRY);
    }

    @Test
    void aPrometheusErrorUnderPauseHoldsTheStepEvenWhenThePauseIsOver() {
        Plan plan = observe(rollout(AnalysisConfig.FailurePolicy.Pause).status(pausedSince(T0.minusSeconds(120))))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 1)
                .measured(Measurement.failed(V2, T0, "prom:9090 unreachable").at(0, 20)).plan();

        assertThat(plan.status().phase).isEqualTo(Phase.Paused);
        assertThat(plan.status().currentStepIndex).isZero();
        assertThat(condition(plan, Conditions.PROGRESSING).getReason()).isEqualTo("AnalysisError");
    }

    @Test
    void aPrometheusErrorUnderContinueLetsTheRolloutGoOn() {
        Plan plan = observe(rollout(AnalysisConfig.FailurePolicy.Continue).status(pausedSince(T0.minusSeconds(120))))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 1)
                .measured(Measurement.failed(V2, T0, "unreachable").at(0, 20)).plan();

        assertThat(plan.status().currentStepIndex).isEqualTo(1);
    }

    @Test
    void underRollbackTheFirstPrometheusErrorsHoldTheStepAndTheFifthInARowRollsBack() {
        Plan first = paused(AnalysisConfig.FailurePolicy.Rollback).measured(unreachable(T0)).plan();
        assertThat(first.status().phase).isEqualTo(Phase.Paused);
        assertThat(first.status().lastAnalysis.consecutiveErrors).isEqualTo(1);
        assertThat(condition(first, Conditions.PROGRESSING).getReason()).isEqualTo("AnalysisError");
        assertThat(first.status().message).contains("failurePolicy Rollback: 1 errors in a row, rollback after 4");

        RolloutStatus s = first.status();
        for (int i = 1; i <= 3; i++) s = observe(rollout(AnalysisConfig.FailurePolicy.Rollback).status(s)).replicaSet(V1, 4, 4)
                .replicaSet(V2, 1, 1).measured(unreachable(T0.plusSeconds(30L * i))).plan().status();
        assertThat(s.phase).as("four errors in a row: within consecutiveErrorLimit 4").isEqualTo(Phase.Paused);
        assertThat(s.lastAnalysis.consecutiveErrors).isEqualTo(4);

        Plan fifth = observe(rollout(AnalysisConfig.FailurePolicy.Rollback).status(s)).replicaSet(V1, 4, 4).replicaSet(V2, 1, 1)
                .measured(unreachable(T0.plusSeconds(150))).plan();
        assertThat(fifth.status().phase).isEqualTo(Phase.Failed);
        assertThat(fifth.status().message).contains("failurePolicy Rollback");
    }

    @Test
    void aConsecutiveErrorLimitOf0RollsBackOnTheFirstError() {
        Plan plan = observe(rollout(AnalysisConfig.FailurePolicy.Rollback)
                .spec(sp -> sp.strategy.canary.analysis.consecutiveErrorLimit = 0).status(pausedSince(T0)))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).measured(unreachable(T0)).plan();

        assertThat(plan.status().phase).isEqualTo(Phase.Failed);
    }

    @Test
    void anAnswerBetweenErrorsStartsTheCountAgain() {
        RolloutStatus errored = paused(AnalysisConfig.FailurePolicy.Rollback).measured(unreachable(T0)).plan().status();
        RolloutStatus answered = observe(rollout(AnalysisConfig.FailurePolicy.Rollback).status(errored)).replicaSet(V1, 4, 4)
                .replicaSet(V2, 1, 1).measured(new Measurement(V2, T0.plusSeconds(30), Map.of(), null).at(0, 20)).plan().status();

        assertThat(answered.lastAnalysis.consecutiveErrors).isZero();
    }

    @Test
    void aPassMeasuredAt20PercentNeverReleasesThePauseAt50Percent() {
        RolloutStatus atStep1 = canaryStatus(V1, V2, 1, 50);
        atStep1.phase = Phase.Paused;
        atStep1.pauseStartTime = Timestamps.format(T0.minusSeconds(120));
        atStep1.stepStartTime = Timestamps.format(T0.minusSeconds(130));
        atStep1.lastAnalysis = paused(AnalysisConfig.FailurePolicy.Pause).measured(errorRate(0.5)).plan().status().lastAnalysis;
        assertThat(atStep1.lastAnalysis.verdict).isEqualTo("Pass");

        Plan held = observe(rollout(AnalysisConfig.FailurePolicy.Pause).status(atStep1)).replicaSet(V1, 3, 3).replicaSet(V2, 3, 3)
                .at(T0.plusSeconds(1)).plan();
        Plan lateMeasurement = observe(rollout(AnalysisConfig.FailurePolicy.Pause).status(atStep1)).replicaSet(V1, 3, 3).replicaSet(V2, 3, 3)
                .at(T0.plusSeconds(1)).measured(new Measurement(V2, T0.plusSeconds(1), Map.of("error-rate", new Sample(0.5, 100.0)), null).at(0, 20))
                .plan();

        assertThat(held.status().currentStepIndex).isEqualTo(1);
        assertThat(condition(held, Conditions.PROGRESSING).getReason()).isEqualTo("AnalysisInconclusive");
        assertThat(held.status().message).contains("no analysis of this step yet");
        assertThat(lateMeasurement.status().currentStepIndex).as("a measurement taken at step 0 / 20%").isEqualTo(1);
        assertThat(lateMeasurement.status().lastAnalysis.stepIndex).isZero();
    }

    @Test
    void aStepAtWeight0IsNeverHeldByAnalysis() {
        RolloutStatus atZero = canaryStatus(V1, V2, 0, 0);
        atZero.phase = Phase.Paused;
        atZero.pauseStartTime = Timestamps.format(T0.minusSeconds(120));
        atZero.stepStartTime = Timestamps.format(T0.minusSeconds(130));

        Plan plan = observe(canary("shop").image("shop:v2").replicas(5).httpRoute("shop-route").steps(step(0, "1m"), step(50, "1m"))
                .spec(s -> s.strategy.canary.analysis = analysis(AnalysisConfig.FailurePolicy.Pause, 1)).status(atZero))
                .replicaSet(V1, 5, 5).plan();

        assertThat(plan.status().currentStepIndex).isEqualTo(1);
    }

    @Test
    void theWarmUpCountsFromWhenTheWeightWasAppliedNotFromTheStepStart() {
        RolloutStatus slowStart = pausedSince(T0.minusSeconds(300));
        slowStart.stepStartTime = Timestamps.format(T0.minusSeconds(600));
        slowStart.weightAppliedAt = Timestamps.format(T0.minusSeconds(30));
        RolloutStatus noRecord = pausedSince(T0.minusSeconds(300));
        noRecord.stepStartTime = Timestamps.format(T0.minusSeconds(600));

        Plan warmingUp = observe(rollout(AnalysisConfig.FailurePolicy.Pause).spec(s -> s.strategy.canary.analysis.warmupDuration = "1m")
                .status(slowStart)).replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).measured(errorRate(21.5)).plan();
        Plan fromStepStart = observe(rollout(AnalysisConfig.FailurePolicy.Pause).spec(s -> s.strategy.canary.analysis.warmupDuration = "1m")
                .status(noRecord)).replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).measured(errorRate(21.5)).plan();

        assertThat(warmingUp.status().lastAnalysis).as("30 s after the weight was applied, within the 1m warm-up").isNull();
        assertThat(warmingUp.status().phase).isNotEqualTo(Phase.Failed);
        assertThat(fromStepStart.status().phase).as("without weightAppliedAt: 10 min after the step started").isEqualTo(Phase.Failed);
    }

    private static Measurement unreachable(java.time.Instant at) {
        return Measurement.failed(V2, at, "prom:9090 unreachable: connection refused").at(0, 20);
    }

    @Test
    void aPauseThatIsOverWaitsForAPassingAnalysisAndSaysWhy() {
        Plan noData = observe(rollout(AnalysisConfig.FailurePolicy.Pause).status(pausedSince(T0.minusSeconds(120))))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).measured(new Measurement(V2, T0, Map.of(), null).at(0, 20)).plan();

        assertThat(noData.status().currentStepIndex).isZero();
        assertThat(noData.status().phase).isEqualTo(Phase.Paused);
        assertThat(condition(noData, Conditions.PROGRESSING).getReason()).isEqualTo("AnalysisInconclusive");
        assertThat(noData.status().message).contains("error-rate: no data");
        assertThat(actions(noData)).containsExactly(Transition.Action.ANALYSIS_INCONCLUSIVE);

        Plan passed = observe(rollout(AnalysisConfig.FailurePolicy.Pause).status(pausedSince(T0.minusSeconds(120))))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).measured(errorRate(0.5)).plan();
        assertThat(passed.status().currentStepIndex).isEqualTo(1);
    }

    @Test
    void promotionOverridesAnInconclusiveAnalysis() {
        Plan plan = observe(rollout(AnalysisConfig.FailurePolicy.Pause).status(pausedSince(T0.minusSeconds(120)))
                .annotate(Annotations.PROMOTE, "true")).replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).plan();

        assertThat(plan.status().currentStepIndex).isEqualTo(1);
    }

    @Test
    void aMeasurementAlreadyRecordedIsNotCountedTwice() {
        RolloutStatus once = paused(AnalysisConfig.FailurePolicy.Pause, 3).measured(errorRate(21.5)).plan().status();
        assertThat(once.lastAnalysis.metrics.get(0).consecutiveFailures).isEqualTo(1);

        Plan again = observe(rollout(AnalysisConfig.FailurePolicy.Pause, 3).status(once)).replicaSet(V1, 4, 4).replicaSet(V2, 1, 1)
                .measured(errorRate(21.5)).plan();
        assertThat(again.status().lastAnalysis.metrics.get(0).consecutiveFailures).isEqualTo(1);

        Plan next = observe(rollout(AnalysisConfig.FailurePolicy.Pause, 3).status(once)).replicaSet(V1, 4, 4).replicaSet(V2, 1, 1)
                .measured(new Measurement(V2, T0.plusSeconds(30), Map.of("error-rate", new Sample(21.5, 100.0)), null).at(0, 20)).plan();
        assertThat(next.status().lastAnalysis.metrics.get(0).consecutiveFailures).isEqualTo(2);
        assertThat(next.status().phase).as("below failureThreshold 3").isNotEqualTo(Phase.Failed);
    }

    private static ObservationBuilder paused(AnalysisConfig.FailurePolicy policy) {
        return paused(policy, 1);
    }

    private static ObservationBuilder paused(AnalysisConfig.FailurePolicy policy, int failureThreshold) {
        return observe(rollout(policy, failureThreshold).status(pausedSince(T0))).replicaSet(V1, 4, 4).replicaSet(V2, 1, 1);
    }

    private static Rollouts.Builder rollout(AnalysisConfig.FailurePolicy policy) {
        return rollout(policy, 1);
    }

    private static Rollouts.Builder rollout(AnalysisConfig.FailurePolicy policy, int failureThreshold) {
        return canary("shop").image("shop:v2").replicas(5).httpRoute("shop-route")
                .steps(step(20, "1m"), step(50, "1m"))
                .spec(s -> s.strategy.canary.analysis = analysis(policy, failureThreshold));
    }

    private static RolloutStatus pausedSince(java.time.Instant start) {
        RolloutStatus s = canaryStatus(V1, V2, 0, 20);
        s.phase = Phase.Paused;
        s.pauseStartTime = Timestamps.format(start);
        s.stepStartTime = Timestamps.format(start.minus(Duration.ofSeconds(10)));
        return s;
    }

    private static AnalysisConfig analysis(AnalysisConfig.FailurePolicy policy, int failureThreshold) {
        AnalysisConfig a = new AnalysisConfig();
        a.failurePolicy = policy;
        AnalysisConfig.Metric m = new AnalysisConfig.Metric();
        m.name = "error-rate";
        m.threshold = 5.0;
        m.failureThreshold = failureThreshold;
        a.metrics = List.of(m);
        return a;
    }

    private static Measurement errorRate(double percent) {
        return new Measurement(V2, T0, Map.of("error-rate", new Sample(percent, 100.0)), null).at(0, 20);
    }
}
