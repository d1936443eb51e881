package io.kulta.dashboard;

import io.kulta.model.AnalysisStatus;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every measurement the dashboard has seen in a Rollout's {@code status.lastAnalysis} since it started, per Rollout,
 * for the analysis chart. The controller keeps only the last analysis in the status; this is its history as watched,
 * the last {@value #KEPT} measurements of each Rollout.
 */
final class AnalysisHistory {
    static final int KEPT = 500;

    /** One metric's measurement: when, what it measured, the bounds it was held to and what it decided. */
    record Point(String time, String metric, Double value, Double threshold, Double min, Double max, String verdict,
                 String revision, Integer stepIndex) {
    }

    private final Map<String, Deque<Point>> byRollout = new ConcurrentHashMap<>();

    void record(String rollout, AnalysisStatus analysis) {
        if (analysis == null || analysis.metrics == null) return;
        Deque<Point> points = byRollout.computeIfAbsent(rollout, k -> new ArrayDeque<>());
        synchronized (points) {
            for (AnalysisStatus.MetricResult m : analysis.metrics) {
                String time = m.time != null ? m.time : analysis.time;
                if (time == null || seen(points, time, m.name)) continue;
                points.addLast(new Point(time, m.name, finite(m.value), m.threshold, m.min, m.max, m.verdict,
                        analysis.revision, analysis.stepIndex));
                if (points.size() > KEPT) points.removeFirst();
            }
        }
    }

    private static boolean seen(Deque<Point> points, String time, String metric) {
        return points.stream().anyMatch(p -> p.time().equals(time) && p.metric().equals(metric));
    }

    /** NaN and infinities have no place on a chart or in JSON: they are shown as a gap. */
    private static Double finite(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : value;
    }

    List<Point> of(String rollout) {
        Deque<Point> points = byRollout.get(rollout);
        if (points == null) return List.of();
        synchronized (points) {
            return List.copyOf(points);
        }
    }

    void forget(String rollout) {
        byRollout.remove(rollout);
    }
}
