package io.kulta.metrics;

import io.kulta.core.Plan;
import io.kulta.core.analysis.PromAnswer;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.RolloutStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * kulta_analysis_queries_total{metric,result} (each PromQL query sent: ok, unreachable, bad_response, rejected, refused;
 * one query serves every Rollout of an address) and kulta_analysis_verdicts_total{metric,verdict} (each metric of each
 * new evaluation a reconcile records in status.lastAnalysis: Pass, Fail, Inconclusive, Error). Both pass their input on.
 */
public final class AnalysisMetrics {
    private final MeterRegistry registry;

    public AnalysisMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public List<PromAnswer> answered(List<PromAnswer> answers) {
        for (PromAnswer a : answers) {
            String result = a.problem() == null ? "ok" : a.problem().name().toLowerCase(Locale.ROOT);
            Counter.builder("kulta.analysis.queries").description("PromQL queries sent, by metric and outcome")
                    .tags("metric", a.query().metric(), "result", result).register(registry).increment();
        }
        return answers;
    }

    public Plan evaluated(Plan plan) {
        AnalysisStatus now = plan.status() == null ? null : plan.status().lastAnalysis;
        RolloutStatus before = plan.basis().rollout().getStatus();
        AnalysisStatus then = before == null ? null : before.lastAnalysis;
        if (now == null || then != null && Objects.equals(now.time, then.time) && Objects.equals(now.revision, then.revision))
            return plan;
        for (AnalysisStatus.MetricResult m : now.metrics) {
            if (m.name == null || m.verdict == null) continue;
            Counter.builder("kulta.analysis.verdicts").description("metric verdicts of new evaluations")
                    .tags("metric", m.name, "verdict", m.verdict).register(registry).increment();
        }
        return plan;
    }
}
