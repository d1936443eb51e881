package io.kulta.core.analysis;

import io.kulta.core.DurationParser;
import io.kulta.core.Timestamps;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.AnalysisStatus.MetricResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a measurement into verdicts (SPEC §4): healthy iff value ≤ threshold (or within min/max);
 * no data, NaN or fewer requests than minSampleSize is inconclusive; a metric fails the analysis once
 * it has failed failureThreshold evaluations in a row (counted in the status, so restarts keep count);
 * Prometheus errors are counted in a row too, for failurePolicy Rollback's consecutiveErrorLimit.
 */
public final class AnalysisEvaluator {
    private AnalysisEvaluator() {
    }

    public static AnalysisStatus evaluate(AnalysisConfig config, Measurement m, AnalysisStatus previous) {
        AnalysisStatus out = new AnalysisStatus();
        out.time = Timestamps.format(m.time());
        out.revision = m.revision();
        out.stepIndex = m.stepIndex();
        out.weight = m.weight();
        boolean sameRevision = previous != null && m.revision().equals(previous.revision);
        out.consecutiveErrors = m.error() == null ? 0
                : (sameRevision && previous.consecutiveErrors != null ? previous.consecutiveErrors : 0) + 1;
        List<String> failing = new ArrayList<>();
        boolean inconclusive = false;
        for (AnalysisConfig.Metric metric : config.metrics == null ? List.<AnalysisConfig.Metric>of() : config.metrics) {
            MetricResult r = notDue(metric, m, previous).orElseGet(() -> result(metric, m, previousCount(previous, m.revision(), metric.name)));
            out.metrics.add(r);
            Verdict v = Verdict.valueOf(r.verdict);
            int failureThreshold = metric.failureThreshold == null ? 1 : metric.failureThreshold;
            if (v == Verdict.Fail && r.consecutiveFailures >= failureThreshold) failing.add(r.message);
            else if (v != Verdict.Pass) inconclusive = true;
        }
        if (m.error() != null) {
            out.verdict = Verdict.Error.name();
            out.message = "Prometheus error: " + m.error();
        } else if (!failing.isEmpty()) {
            out.verdict = Verdict.Fail.name();
            out.message = String.join("; ", failing);
        } else if (inconclusive) {
            out.verdict = Verdict.Inconclusive.name();
            out.message = out.metrics.stream().filter(r -> !Verdict.Pass.name().equals(r.verdict))
                    .map(r -> r.message).reduce((a, b) -> a + "; " + b).orElse("inconclusive");
        } else {
            out.verdict = Verdict.Pass.name();
            out.message = "all metrics healthy";
        }
        return out;
    }

    /**
     * The metric's previous result, kept as it was, while its interval has not passed since it was
     * evaluated at this revision, step and weight (SPEC §4: evaluated no more often than its interval).
     */
    private static Optional<MetricResult> notDue(AnalysisConfig.Metric metric, Measurement m, AnalysisStatus previous) {
        if (metric.interval == null || previous == null || previous.metrics == null || m.error() != null
                || !m.revision().equals(previous.revision) || !Objects.equals(m.stepIndex(), previous.stepIndex)
                || !Objects.equals(m.weight(), previous.weight)) return Optional.empty();
        Optional<java.time.Duration> interval = DurationParser.parse(metric.interval);
        return previous.metrics.stream().filter(r -> metric.name.equals(r.name) && r.time != null).findFirst()
                .filter(r -> interval.isPresent() && Timestamps.parse(r.time) != null
                        && m.time().isBefore(Timestamps.parse(r.time).plus(interval.get())));
    }

    private static MetricResult result(AnalysisConfig.Metric metric, Measurement m, int failuresBefore) {
        MetricResult r = new MetricResult();
        r.name = metric.name;
        r.time = Timestamps.format(m.time());
        r.threshold = metric.threshold;
        r.min = metric.min;
        r.max = metric.max;
        r.consecutiveFailures = failuresBefore;
        if (m.error() != null) return verdict(r, Verdict.Error, metric.name + ": Prometheus error");
        Sample sample = m.samples().get(metric.name);
        r.samples = sample == null ? null : sample.requests();
        if (sample == null || sample.value() == null) return verdict(r, Verdict.Inconclusive, metric.name + ": no data");
        if (sample.value().isNaN()) return verdict(r, Verdict.Inconclusive, metric.name + ": NaN (no requests in the window)");
        r.value = sample.value();
        // NaN or an infinite count is no count of requests: never enough (a NaN compares false to every number)
        if (metric.minSampleSize != null && (sample.requests() == null || !Double.isFinite(sample.requests())
                || sample.requests() < metric.minSampleSize))
            return verdict(r, Verdict.Inconclusive, metric.name + ": " + number(sample.requests() == null ? 0 : sample.requests())
                    + " requests < minSampleSize " + metric.minSampleSize);
        String bound = violatedBound(metric, sample.value());
        if (bound == null) {
            r.consecutiveFailures = 0;
            return verdict(r, Verdict.Pass, metric.name + " " + number(sample.value()) + " healthy");
        }
        r.consecutiveFailures = failuresBefore + 1;
        return verdict(r, Verdict.Fail, metric.name + " " + number(sample.value()) + " " + bound);
    }

    /** Null when the value is within the metric's bounds, else e.g. "> threshold 5". */
    static String violatedBound(AnalysisConfig.Metric metric, double value) {
        if (metric.threshold != null && value > metric.threshold) return "> threshold " + number(metric.threshold);
        if (metric.max != null && value > metric.max) return "> max " + number(metric.max);
        if (metric.min != null && value < metric.min) return "< min " + number(metric.min);
        return null;
    }

    private static int previousCount(AnalysisStatus previous, String revision, String metric) {
        if (previous == null || previous.metrics == null || !revision.equals(previous.revision)) return 0;
        return previous.metrics.stream().filter(r -> metric.equals(r.name) && r.consecutiveFailures != null)
                .mapToInt(r -> r.consecutiveFailures).findFirst().orElse(0);
    }

    private static MetricResult verdict(MetricResult r, Verdict v, String message) {
        r.verdict = v.name();
        r.message = message;
        return r;
    }

    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.4g", d);
    }
}
