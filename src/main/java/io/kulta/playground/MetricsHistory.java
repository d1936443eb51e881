package io.kulta.playground;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Timestamped snapshots of {@link AppMetrics}, as a Prometheus scraping them would store them, kept for a retention
 * period. One array of values per snapshot, so an hour at one snapshot a second stays a few megabytes.
 */
final class MetricsHistory {
    /** A series: metric name and labels. */
    record Series(String name, Map<String, String> labels) {
    }

    /** One stored sample of a series: unix time in seconds (fractional) and value. */
    record Point(double time, double value) {
    }

    private record Snapshot(double time, double[] values) {
    }

    private final Duration retention;
    private final List<Series> series = new ArrayList<>();
    private final Map<Series, Integer> index = new HashMap<>();
    private final ArrayDeque<Snapshot> snapshots = new ArrayDeque<>();

    MetricsHistory(Duration retention) {
        this.retention = retention;
    }

    synchronized void add(Instant time, List<MetricSample> samples) {
        double[] values = new double[series.size() + samples.size()];
        Arrays.fill(values, Double.NaN);
        for (MetricSample s : samples) {
            Series key = new Series(s.name(), s.labels());
            Integer i = index.get(key);
            if (i == null) {
                i = series.size();
                series.add(key);
                index.put(key, i);
            }
            values[i] = s.value();
        }
        double t = seconds(time);
        snapshots.addLast(new Snapshot(t, values));
        double oldest = t - retention.toSeconds();
        while (!snapshots.isEmpty() && snapshots.peekFirst().time() < oldest) snapshots.removeFirst();
    }

    /** Per series the filter accepts, its points with {@code from < time <= to}, oldest first; series without any are left out. */
    synchronized Map<Series, List<Point>> range(Instant from, Instant to, Predicate<Series> filter) {
        double start = seconds(from), end = seconds(to);
        Map<Series, List<Point>> out = new LinkedHashMap<>();
        for (Iterator<Snapshot> it = snapshots.iterator(); it.hasNext(); ) {
            Snapshot s = it.next();
            if (s.time() <= start || s.time() > end) continue;
            for (int i = 0; i < s.values().length && i < series.size(); i++) {
                if (Double.isNaN(s.values()[i]) || !filter.test(series.get(i))) continue;
                out.computeIfAbsent(series.get(i), k -> new ArrayList<>()).add(new Point(s.time(), s.values()[i]));
            }
        }
        return out;
    }

    static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }
}
