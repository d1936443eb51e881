package io.kulta.core;

import io.kulta.core.analysis.AnalysisEvaluator;
import io.kulta.core.analysis.Measurement;
import io.kulta.core.analysis.Verdict;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.RolloutStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a Rollout's analysis means for the planner (SPEC §4): failing metrics roll back whatever the
 * failurePolicy; Prometheus errors roll back (after consecutiveErrorLimit), hold the step or are ignored
 * as failurePolicy says; a pause that is over advances only on a passing analysis of this very step
 * and weight, except at weight 0, where there is nothing to measure.
 */
final class Analysis {
    static final String ROLLED_BACK = "RolledBack";
    static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;   // Argo's

    private final AnalysisConfig config;
    private final Observation o;
    private final String revision;
    private final Instant warmedUpAt;
    /** Canary: the step and weight of the observed status, which a measurement must have been taken at; else null. */
    private final Integer stepIndex;
    private final Integer weight;

    Analysis(AnalysisConfig config, Observation o, RolloutStatus prev, String revision, String warmupFrom) {
        this.config = config != null && config.metrics != null && !config.metrics.isEmpty() ? config : null;
        this.o = o;
        this.revision = revision;
        Instant start = Timestamps.parse(warmupFrom);
        Duration warmup = this.config == null || this.config.warmupDuration == null ? Duration.ZERO
                : DurationParser.parse(this.config.warmupDuration).orElse(Duration.ZERO);
        this.warmedUpAt = start == null ? null : start.plus(warmup);
        boolean canary = o.rollout().getSpec() != null && o.rollout().getSpec().strategy != null
                && o.rollout().getSpec().strategy.canary != null;
        this.stepIndex = canary ? prev.currentStepIndex : null;
        this.weight = canary ? prev.currentWeight : null;
    }

    /** Warm-up counts from when the step's weight was applied; before that was recorded, from the step's start. */
    static String warmupFrom(RolloutStatus s) {
        return s.weightAppliedAt != null ? s.weightAppliedAt : s.stepStartTime;
    }

    static boolean rolledBack(RolloutStatus status) {
        return status.phase == io.kulta.model.Phase.Failed && Conditions.find(status.conditions, Conditions.PROGRESSING)
                .map(c -> ROLLED_BACK.equals(c.getReason())).orElse(false);
    }

    /** A measurement of this revision at this step and weight, newer than the last recorded one, taken after the warm-up. */
    boolean hasFreshMeasurement() {
        Measurement m = o.measurement();
        if (config == null || m == null || !revision.equals(m.revision())) return false;
        if (stepIndex != null && (!Objects.equals(m.stepIndex(), stepIndex) || !Objects.equals(m.weight(), weight))) return false;
        if (warmedUpAt != null && m.time().isBefore(warmedUpAt)) return false;
        AnalysisStatus last = o.status().lastAnalysis;
        Instant lastTime = last == null ? null : Timestamps.parse(last.time);
        return lastTime == null || m.time().isAfter(lastTime);
    }

    AnalysisStatus evaluate() {
        return AnalysisEvaluator.evaluate(config, o.measurement(), o.status().lastAnalysis);
    }

    boolean failed(AnalysisStatus a) {
        return is(a, Verdict.Fail, weight);
    }

    /** failurePolicy Rollback, once the errors in a row exceed consecutiveErrorLimit (Argo's semantics: 4 → on the 5th). */
    boolean errorRollsBack(AnalysisStatus a) {
        return is(a, Verdict.Error, weight) && policy() == AnalysisConfig.FailurePolicy.Rollback && errorsInARow(a) > errorLimit();
    }

    /** Why an error holds the step, for the status message. */
    String describeError(AnalysisStatus a) {
        String policy = policy() == AnalysisConfig.FailurePolicy.Rollback
                ? "failurePolicy Rollback: " + errorsInARow(a) + " errors in a row, rollback after " + errorLimit()
                : "failurePolicy " + policy();
        return "analysis error, holding (" + policy + ") until Prometheus answers: " + a.message;
    }

    private int errorLimit() {
        return config.consecutiveErrorLimit == null ? DEFAULT_CONSECUTIVE_ERROR_LIMIT : config.consecutiveErrorLimit;
    }

    private static int errorsInARow(AnalysisStatus a) {
        return a.consecutiveErrors == null ? 1 : a.consecutiveErrors;
    }

    /** Prometheus errors hold the step under Pause, and under Rollback until the limit is exceeded. */
    boolean errorPauses(AnalysisStatus a) {
        return is(a, Verdict.Error, weight) && policy() != AnalysisConfig.FailurePolicy.Continue;
    }

    /** Without analysis always; with it, once this revision's last analysis passed (or errored under Continue). */
    boolean allowsAdvance(AnalysisStatus a) {
        return allowsAdvance(a, weight);
    }

    /** As {@link #allowsAdvance(AnalysisStatus)} at the weight the step has now; a step at weight 0 is never held. */
    boolean allowsAdvance(AnalysisStatus a, Integer currentWeight) {
        if (config == null || stepIndex != null && currentWeight != null && currentWeight == 0) return true;
        return is(a, Verdict.Pass, currentWeight) || (is(a, Verdict.Error, currentWeight) && policy() == AnalysisConfig.FailurePolicy.Continue);
    }

    String describe(AnalysisStatus a) {
        if (a == null || !revision.equals(a.revision)) return "no analysis of revision " + revision + " yet";
        if (stepIndex != null && !Objects.equals(a.stepIndex, stepIndex)) return "no analysis of this step yet";
        return a.message;
    }

    private AnalysisConfig.FailurePolicy policy() {
        return config.failurePolicy == null ? AnalysisConfig.FailurePolicy.Pause : config.failurePolicy;
    }

    /** The analysis has this verdict and was taken of this revision, and for a canary at this step and weight. */
    private boolean is(AnalysisStatus a, Verdict v, Integer atWeight) {
        if (config == null || a == null || !revision.equals(a.revision) || !v.name().equals(a.verdict)) return false;
        return stepIndex == null || Objects.equals(a.stepIndex, stepIndex) && Objects.equals(a.weight, atWeight);
    }
}
