package io.kulta.playground;

import java.util.List;
import java.util.Map;

/** Requests per second and 5xx share of one revision, from its http_requests_total points of the last few seconds. */
final class RecentRate {
    private RecentRate() {
    }

    /** {requests per second, share of 5xx (0..1)}; zeros without two points in time. */
    static double[] of(Map<MetricsHistory.Series, List<MetricsHistory.Point>> requests, String revision) {
        var mine = requests.entrySet().stream().filter(e -> revision.equals(e.getKey().labels().get("revision"))).toList();
        double first = mine.stream().mapToDouble(e -> e.getValue().get(0).time()).min().orElse(0);
        double last = mine.stream().mapToDouble(e -> e.getValue().get(e.getValue().size() - 1).time()).max().orElse(0);
        double all = 0, failed = 0;
        for (var e : mine) {
            List<MetricsHistory.Point> p = e.getValue();
            // counters are never removed: a series whose first point is later than the window's was 0 before it
            double increase = p.get(p.size() - 1).value() - (p.get(0).time() == first ? p.get(0).value() : 0);
            all += increase;
            if (e.getKey().labels().getOrDefault("status", "").startsWith("5")) failed += increase;
        }
        if (!(last > first) || all <= 0) return new double[]{0, 0};
        return new double[]{all / (last - first), failed / all};
    }
}
