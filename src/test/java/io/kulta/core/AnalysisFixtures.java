package io.kulta.core;

import io.kulta.core.analysis.Measurement;
import io.kulta.core.analysis.Sample;
import io.kulta.model.AnalysisConfig;

import java.util.List;
import java.util.Map;

/** Analysis of the error rate ≤ 5 %, and measurements of it, for planner tests. */
final class AnalysisFixtures {
    private AnalysisFixtures() {
    }

    static AnalysisConfig errorRateAtMost5Percent() {
        AnalysisConfig a = new AnalysisConfig();
        AnalysisConfig.Metric m = new AnalysisConfig.Metric();
        m.name = "error-rate";
        m.threshold = 5.0;
        a.metrics = List.of(m);
        return a;
    }

    /** The revision's error rate measured at T0 over 100 requests. */
    static Measurement errorRate(String revision, double percent) {
        return new Measurement(revision, Rollouts.T0, Map.of("error-rate", new Sample(percent, 100.0)), null);
    }
}
