package io.kulta.core.analysis;

import io.kulta.model.AbExperimentStatus;
import io.kulta.model.AbExperimentStatus.MetricResult;
import io.kulta.model.AbExperimentStatus.Variant;
import io.kulta.model.AbTestingStrategy;
import io.kulta.model.AbTestingStrategy.AbMetric;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an A/B measurement into per-metric Z-tests (SPEC §3 "A/B testing"): fewer than minSampleSize
 * requests in either variant → keep waiting; otherwise each metric is tested at confidenceLevel, and
 * the metrics that are significant must all name the same winner for a consensus.
 */
public final class AbEvaluator {
    public static final int DEFAULT_MIN_SAMPLE_SIZE = 30;
    public static final double DEFAULT_CONFIDENCE_LEVEL = 0.95;
    public static final String ERROR_RATE = "error-rate";

    /**
     * @param enoughSamples every metric has at least minSampleSize in both variants, so results are tests
     * @param consensus     the winner every significant metric agrees on; null without one
     */
    public record Evaluation(Long sampleSizeA, Long sampleSizeB, List<MetricResult> results, boolean enoughSamples,
                             Variant consensus, String summary) {
    }

    private AbEvaluator() {
    }

    /** The metrics of an experiment: as configured, else the built-in error-rate (lower is better). */
    public static List<AbMetric> metrics(AbTestingStrategy.AbAnalysisConfig config) {
        if (config != null && config.metrics != null && !config.metrics.isEmpty()) return config.metrics;
        AbMetric errorRate = new AbMetric();
        errorRate.name = ERROR_RATE;
        errorRate.direction = AbTestingStrategy.Direction.lower;
        return List.of(errorRate);
    }

    /** error-rate: lower is better unless said otherwise; a custom proportion (a conversion): higher. */
    public static boolean lowerIsBetter(AbMetric m) {
        if (m.direction != null) return m.direction == AbTestingStrategy.Direction.lower;
        return ERROR_RATE.equals(m.name);
    }

    public static Evaluation evaluate(AbTestingStrategy.AbAnalysisConfig config, Measurement m) {
        int minSamples = config == null || config.minSampleSize == null ? DEFAULT_MIN_SAMPLE_SIZE : config.minSampleSize;
        double level = config == null || config.confidenceLevel == null ? DEFAULT_CONFIDENCE_LEVEL : config.confidenceLevel;
        List<AbMetric> metrics = metrics(config);
        List<MetricResult> results = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        Long sizeA = null, sizeB = null;
        for (AbMetric metric : metrics) {
            VariantCounts c = m.variants().get(metric.name);
            if (c == null || !c.complete()) {
                waiting.add(metric.name + ": no data");
                continue;
            }
            if (!c.counts()) {
                waiting.add(metric.name + ": Prometheus answered no count (NaN, infinite or negative)");
                continue;
            }
            long nA = Math.round(c.totalA()), nB = Math.round(c.totalB());
            if (sizeA == null) {
                sizeA = nA;
                sizeB = nB;
            }
            if (nA < minSamples || nB < minSamples) {
                waiting.add(metric.name + ": " + nA + " (A) and " + nB + " (B) samples, " + minSamples + " needed in each");
                continue;
            }
            long xA = Math.min(nA, Math.round(c.successesA())), xB = Math.min(nB, Math.round(c.successesB()));
            ZTest.Result z = ZTest.twoProportions(xA, nA, xB, nB, level, metric.minEffectSize, lowerIsBetter(metric));
            MetricResult r = new MetricResult();
            r.name = metric.name;
            r.valueA = z.pA();
            r.valueB = z.pB();
            r.confidence = z.confidence();
            r.isSignificant = z.significant();
            r.winner = z.winner() == null ? null : Variant.valueOf(z.winner().name());
            results.add(r);
        }
        if (!waiting.isEmpty())
            return new Evaluation(sizeA, sizeB, results, false, null, "waiting for samples: " + String.join("; ", waiting));
        List<Variant> winners = results.stream().filter(r -> r.isSignificant).map(r -> r.winner).distinct().toList();
        Variant consensus = winners.size() == 1 ? winners.get(0) : null;
        return new Evaluation(sizeA, sizeB, results, true, consensus, describe(results));
    }

    /** The winner the recorded results agree on, or null (for a conclusion without a fresh measurement). */
    public static Variant consensus(AbExperimentStatus experiment) {
        if (experiment == null || experiment.results == null) return null;
        List<Variant> winners = experiment.results.stream().filter(r -> Boolean.TRUE.equals(r.isSignificant))
                .map(r -> r.winner).distinct().toList();
        return winners.size() == 1 ? winners.get(0) : null;
    }

    public static String describe(List<MetricResult> results) {
        if (results == null || results.isEmpty()) return "no test results";
        List<String> parts = new ArrayList<>();
        for (MetricResult r : results)
            parts.add(String.format(Locale.ROOT, "%s A %.4f B %.4f, confidence %.3f%s", r.name, r.valueA, r.valueB, r.confidence,
                    r.isSignificant ? " (significant: " + r.winner + " better)" : " (not significant)"));
        return String.join("; ", parts);
    }
}
