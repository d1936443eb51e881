package io.kulta.core.analysis;

import io.kulta.model.AnalysisConfig;
import io.kulta.model.AnalysisStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnalysisEvaluatorTest {
    static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", value = {
            "below the threshold passes,             2.0,  500,  null, null, null, Pass",
            "at the threshold passes,                5.0,  500,  null, null, null, Pass",
            "above the threshold fails,              5.1,  500,  null, null, null, Fail",
            "NaN is inconclusive,                    NaN,  500,  null, null, null, Inconclusive",
            "no series is inconclusive,              null, 500,  null, null, null, Inconclusive",
            "too few requests is inconclusive,       1.0,  50,   100,  null, null, Inconclusive",
            "enough requests decide,                 1.0,  100,  100,  null, null, Pass",
            "a NaN request count is too few,         1.0,  NaN,  100,  null, null, Inconclusive",
            "an infinite request count is too few,   1.0,  Infinity, 100, null, null, Inconclusive",
    })
    void aMetricWithAThreshold(String name, Double value, Double requests, Integer minSampleSize, Double min, Double max, String verdict) {
        AnalysisConfig.Metric m = new AnalysisConfig.Metric("error-rate", 5.0);
        m.minSampleSize = minSampleSize;
        AnalysisStatus a = AnalysisEvaluator.evaluate(config(m), measured("error-rate", value, requests), null);
        assertThat(a.verdict).isEqualTo(verdict);
        assertThat(a.metrics.get(0).verdict).isEqualTo(verdict);
    }

    @Test
    void customMetricsUseMinAndMaxBounds() {
        AnalysisConfig.Metric m = new AnalysisConfig.Metric("checkout-success", null);
        m.min = 0.5;
        m.max = 0.99;
        assertThat(AnalysisEvaluator.evaluate(config(m), measured("checkout-success", 0.7, null), null).verdict).isEqualTo("Pass");
        assertThat(AnalysisEvaluator.evaluate(config(m), measured("checkout-success", 0.4, null), null).message).contains("< min 0.5");
        assertThat(AnalysisEvaluator.evaluate(config(m), measured("checkout-success", 1.0, null), null).message).contains("> max 0.99");
    }

    @Test
    void failuresCountInARowPerRevisionAndReachTheFailureThreshold() {
        AnalysisConfig.Metric m = new AnalysisConfig.Metric("error-rate", 5.0);
        m.failureThreshold = 2;
        AnalysisStatus first = AnalysisEvaluator.evaluate(config(m), measured("error-rate", 9.0, null), null);
        assertThat(first.verdict).isEqualTo("Inconclusive");
        AnalysisStatus second = AnalysisEvaluator.evaluate(config(m), measured("error-rate", 9.0, null), first);
        assertThat(second.verdict).isEqualTo("Fail");
        assertThat(second.metrics.get(0).consecutiveFailures).isEqualTo(2);

        AnalysisStatus healthy = AnalysisEvaluator.evaluate(config(m), measured("error-rate", 1.0, null), first);
        assertThat(healthy.metrics.get(0).consecutiveFailures).isZero();

        AnalysisStatus otherRevision = AnalysisEvaluator.evaluate(config(m),
                new Measurement("other", T, Map.of("error-rate", new Sample(9.0, null)), null), first);
        assertThat(otherRevision.metrics.get(0).consecutiveFailures).isEqualTo(1);
    }

    @Test
    void aPrometheusErrorIsAnErrorVerdictThatDoesNotCountAsFailure() {
        AnalysisStatus a = AnalysisEvaluator.evaluate(config(new AnalysisConfig.Metric("error-rate", 5.0)), Measurement.failed("rev", T, "unreachable"), null);
        assertThat(a.verdict).isEqualTo("Error");
        assertThat(a.message).contains("unreachable");
        assertThat(a.metrics.get(0).consecutiveFailures).isZero();
    }

    @Test
    void aMetricWithAnIntervalIsEvaluatedNoMoreOftenThanThatInterval() {
        AnalysisConfig.Metric slow = new AnalysisConfig.Metric("error-rate", 5.0);
        slow.interval = "1m";
        slow.failureThreshold = 3;
        AnalysisStatus first = AnalysisEvaluator.evaluate(config(slow), at(T, 9.0), null);
        AnalysisStatus after30s = AnalysisEvaluator.evaluate(config(slow), at(T.plusSeconds(30), 9.0), first);
        AnalysisStatus after60s = AnalysisEvaluator.evaluate(config(slow), at(T.plusSeconds(60), 9.0), after30s);

        assertThat(first.metrics.get(0).consecutiveFailures).isEqualTo(1);
        assertThat(after30s.metrics.get(0).consecutiveFailures).as("not due yet: the result of T is kept").isEqualTo(1);
        assertThat(after30s.metrics.get(0).time).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(after60s.metrics.get(0).consecutiveFailures).isEqualTo(2);
        assertThat(after60s.metrics.get(0).time).isEqualTo("2026-11-25T10:01:00Z");
    }

    @Test
    void withoutAnIntervalAMetricIsEvaluatedOnEveryMeasurement() {
        AnalysisConfig.Metric every = new AnalysisConfig.Metric("error-rate", 5.0);
        every.failureThreshold = 3;
        AnalysisStatus first = AnalysisEvaluator.evaluate(config(every), at(T, 9.0), null);

        assertThat(AnalysisEvaluator.evaluate(config(every), at(T.plusSeconds(30), 9.0), first).metrics.get(0).consecutiveFailures).isEqualTo(2);
    }

    @Test
    void prometheusErrorsAreCountedInARowPerRevision() {
        AnalysisConfig c = config(new AnalysisConfig.Metric("error-rate", 5.0));
        AnalysisStatus one = AnalysisEvaluator.evaluate(c, Measurement.failed("rev", T, "unreachable"), null);
        AnalysisStatus two = AnalysisEvaluator.evaluate(c, Measurement.failed("rev", T.plusSeconds(30), "unreachable"), one);
        AnalysisStatus otherRevision = AnalysisEvaluator.evaluate(c, Measurement.failed("new", T.plusSeconds(60), "unreachable"), two);

        assertThat(List.of(one.consecutiveErrors, two.consecutiveErrors, otherRevision.consecutiveErrors)).containsExactly(1, 2, 1);
    }

    private static Measurement at(Instant time, double value) {
        return new Measurement("rev", time, Map.of("error-rate", new Sample(value, null)), null);
    }

    private static AnalysisConfig config(AnalysisConfig.Metric... metrics) {
        AnalysisConfig c = new AnalysisConfig();
        c.metrics = List.of(metrics);
        return c;
    }

    private static Measurement measured(String metric, Double value, Double requests) {
        return new Measurement("rev", T, Map.of(metric, new Sample(value, requests)), null);
    }
}
