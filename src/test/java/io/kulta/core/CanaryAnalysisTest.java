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
                .measured(Measurement.failed(V2, T0, "http://prom:9090 unreachable")).plan();

        assertThat(plan.status().phase).isEqualTo(Phase.Paused);
        assertThat(plan.status().currentStepIndex).isZero();
        assertThat(condition(plan, Conditions.PROGRESSING).getReason()).isEqualTo("AnalysisError");
    }

    @Test
    void aPrometheusErrorUnderContinueLetsTheRolloutGoOn() {
        Plan plan = observe(rollout(AnalysisConfig.FailurePolicy.Continue).status(pausedSince(T0.minusSeconds(120))))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 1)
                .measured(Measurement.failed(V2, T0, "unreachable")).plan();

        assertThat(plan.status().currentStepIndex).isEqualTo(1);
    }

    @Test
    void aPrometheusErrorUnderRollbackRollsBack() {
        Plan plan = paused(AnalysisConfig.FailurePolicy.Rollback).measured(Measurement.failed(V2, T0, "unreachable")).plan();

        assertThat(plan.status().phase).isEqualTo(Phase.Failed);
        assertThat(plan.status().message).contains("failurePolicy Rollback");
    }

    @Test
    void aPauseThatIsOverWaitsForAPassingAnalysisAndSaysWhy() {
        Plan noData = observe(rollout(AnalysisConfig.FailurePolicy.Pause).status(pausedSince(T0.minusSeconds(120))))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).measured(new Measurement(V2, T0, Map.of(), null)).plan();

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
                .measured(new Measurement(V2, T0.plusSeconds(30), Map.of("error-rate", new Sample(21.5, 100.0)), null)).plan();
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
        return new Measurement(V2, T0, Map.of("error-rate", new Sample(percent, 100.0)), null);
    }
}
