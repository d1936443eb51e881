package io.kulta.core;

import io.kulta.core.analysis.AnalysisEvaluator;
import io.kulta.core.analysis.Measurement;
import io.kulta.core.analysis.Verdict;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.RolloutStatus;

import java.time.Duration;
import java.time.Instant;

/**
 * What a Rollout's analysis means for the planner (SPEC §4): failing metrics roll back whatever the
 * failurePolicy; Prometheus errors roll back, hold the step or are ignored as failurePolicy says; a
 * pause that is over advances only on a passing analysis.
 */
final class Analysis {
    static final String ROLLED_BACK = "RolledBack";

    private final AnalysisConfig config;
    private final Observation o;
    private final String revision;
    private final Instant warmedUpAt;

    Analysis(AnalysisConfig config, Observation o, RolloutStatus prev, String revision, String stepStartTime) {
        this.config = config != null && config.metrics != null && !config.metrics.isEmpty() ? config : null;
        this.o = o;
        this.revision = revision;
        Instant stepStart = Timestamps.parse(stepStartTime);
        Duration warmup = this.config == null || this.config.warmupDuration == null ? Duration.ZERO
                : DurationParser.parse(this.config.warmupDuration).orElse(Duration.ZERO);
        this.warmedUpAt = stepStart == null ? null : stepStart.plus(warmup);
    }

    static boolean rolledBack(RolloutStatus status) {
        return status.phase == io.kulta.model.Phase.Failed && Conditions.find(status.conditions, Conditions.PROGRESSING)
                .map(c -> ROLLED_BACK.equals(c.getReason())).orElse(false);
    }

    /** A measurement of this revision, newer than the last recorded one, taken after the warm-up. */
    boolean hasFreshMeasurement() {
        Measurement m = o.measurement();
        if (config == null || m == null || !revision.equals(m.revision())) return false;
        if (warmedUpAt != null && m.time().isBefore(warmedUpAt)) return false;
        AnalysisStatus last = o.status().lastAnalysis;
        Instant lastTime = last == null ? null : Timestamps.parse(last.time);
        return lastTime == null || m.time().isAfter(lastTime);
    }

    AnalysisStatus evaluate() {
        return AnalysisEvaluator.evaluate(config, o.measurement(), o.status().lastAnalysis);
    }

    boolean failed(AnalysisStatus a) {
        return is(a, Verdict.Fail);
    }

    boolean errorRollsBack(AnalysisStatus a) {
        return is(a, Verdict.Error) && policy() == AnalysisConfig.FailurePolicy.Rollback;
    }

    boolean errorPauses(AnalysisStatus a) {
        return is(a, Verdict.Error) && policy() == AnalysisConfig.FailurePolicy.Pause;
    }

    /** Without analysis always; with it, once this revision's last analysis passed (or errored under Continue). */
    boolean allowsAdvance(AnalysisStatus a) {
        if (config == null) return true;
        return is(a, Verdict.Pass) || (is(a, Verdict.Error) && policy() == AnalysisConfig.FailurePolicy.Continue);
    }

    String describe(AnalysisStatus a) {
        return a == null || !revision.equals(a.revision) ? "no analysis of revision " + revision + " yet" : a.message;
    }

    private AnalysisConfig.FailurePolicy policy() {
        return config.failurePolicy == null ? AnalysisConfig.FailurePolicy.Pause : config.failurePolicy;
    }

    private boolean is(AnalysisStatus a, Verdict v) {
        return config != null && a != null && revision.equals(a.revision) && v.name().equals(a.verdict);
    }
}
