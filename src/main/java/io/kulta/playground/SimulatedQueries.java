package io.kulta.playground;

import io.kulta.playground.ControllerQueries.Parsed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Answers the controller's recognised queries ({@link ControllerQueries}) from the traffic simulator's counter snapshots,
 * element by element as Prometheus would: {@code sum by (namespace, rollout, revision)} of {@code rate}/{@code increase}
 * over the query's range, {@code or ... * 0} for a revision without 5xx, {@code histogram_quantile} per revision.
 */
final class SimulatedQueries {
    private static final List<String> BY = List.of("namespace", "rollout", "revision");
    private static final String REQUESTS = "http_requests_total";
    private static final String BUCKETS = "http_request_duration_seconds_bucket";

    private final MetricsHistory history;

    SimulatedQueries(MetricsHistory history) {
        this.history = history;
    }

    /** Per element (its labels), its value at {@code now}. */
    Map<Map<String, String>, Double> answer(Parsed q, Instant now) {
        return switch (q.shape()) {
            case REQUESTS, AB_TOTAL -> sum(q, now, REQUESTS, false, false, BY);
            case AB_ERRORS -> orZero(sum(q, now, REQUESTS, true, false, BY), sum(q, now, REQUESTS, false, false, BY));
            case ERROR_RATE -> {
                Map<Map<String, String>, Double> all = sum(q, now, REQUESTS, false, true, BY);
                Map<Map<String, String>, Double> out = new LinkedHashMap<>();
                orZero(sum(q, now, REQUESTS, true, true, BY), all).forEach((k, errors) -> {
                    if (all.containsKey(k)) out.put(k, errors / all.get(k) * 100);
                });
                yield out;
            }
            case LATENCY -> latency(q, now);
        };
    }

    /** {@code a or b * 0}: a's elements, and 0 for every element of b a does not have. */
    private static Map<Map<String, String>, Double> orZero(Map<Map<String, String>, Double> a, Map<Map<String, String>, Double> b) {
        Map<Map<String, String>, Double> out = new LinkedHashMap<>(a);
        b.forEach((k, v) -> out.putIfAbsent(k, v * 0));
        return out;
    }

    private Map<Map<String, String>, Double> latency(Parsed q, Instant now) {
        List<String> byLe = new ArrayList<>(BY);
        byLe.add("le");
        Map<Map<String, String>, List<CounterMath.Bucket>> histograms = new LinkedHashMap<>();
        sum(q, now, BUCKETS, false, true, byLe).forEach((k, rate) -> {
            Map<String, String> revision = new LinkedHashMap<>(k);
            String le = revision.remove("le");
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            histograms.computeIfAbsent(revision, r -> new ArrayList<>()).add(new CounterMath.Bucket(bound, rate));
        });
        Map<Map<String, String>, Double> out = new LinkedHashMap<>();
        histograms.forEach((k, buckets) -> out.put(k, CounterMath.quantile(q.quantile(), buckets) * 1000));
        return out;
    }

    /** {@code sum by (labels) (rate|increase(metric{[status=~"5..",] rollout=~"..."}[range]))}. */
    private Map<Map<String, String>, Double> sum(Parsed q, Instant now, String metric, boolean only5xx, boolean rate, List<String> by) {
        double range = q.range().toMillis() / 1000.0;
        Predicate<MetricsHistory.Series> selected = s -> s.name().equals(metric)
                && q.rollouts().matcher(s.labels().getOrDefault("rollout", "")).matches()
                && (!only5xx || s.labels().getOrDefault("status", "").matches("5.."));
        Map<Map<String, String>, Double> out = new LinkedHashMap<>();
        history.range(now.minus(q.range()), now, selected).forEach((series, points) -> {
            double increase = CounterMath.increase(points, range, MetricsHistory.seconds(now));
            if (Double.isNaN(increase)) return;
            Map<String, String> key = new LinkedHashMap<>();
            for (String l : by) if (series.labels().containsKey(l)) key.put(l, series.labels().get(l));
            out.merge(key, rate ? increase / range : increase, Double::sum);
        });
        return out;
    }
}
