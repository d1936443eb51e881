package io.kulta.playground;

import java.util.Comparator;
import java.util.List;

/**
 * Prometheus' arithmetic over stored points, as its PromQL engine does it: {@code increase}/{@code rate} with the
 * extrapolation of {@code extrapolatedRate} (promql/functions.go) and {@code histogram_quantile}'s linear
 * interpolation within a bucket ({@code bucketQuantile}, promql/quantile.go).
 */
final class CounterMath {
    private CounterMath() {
    }

    /**
     * The increase of a counter over the range ending at {@code end}, from its points in the range; NaN with fewer than
     * two points. Extrapolated to the range's edges where the points stop short of them by less than 1.1 average
     * intervals, else by half an interval (and never below zero at the start).
     */
    static double increase(List<MetricsHistory.Point> points, double rangeSeconds, double end) {
        if (points.size() < 2) return Double.NaN;
        MetricsHistory.Point first = points.get(0), last = points.get(points.size() - 1);
        double result = last.value() - first.value();
        double previous = 0;
        for (MetricsHistory.Point p : points) {
            if (p.value() < previous) result += previous;   // a counter reset
            previous = p.value();
        }
        double toStart = first.time() - (end - rangeSeconds);
        double toEnd = end - last.time();
        double sampled = last.time() - first.time();
        double average = sampled / (points.size() - 1);
        if (result > 0 && first.value() >= 0) toStart = Math.min(toStart, sampled * (first.value() / result));
        double threshold = average * 1.1;
        double interval = sampled + (toStart < threshold ? toStart : average / 2) + (toEnd < threshold ? toEnd : average / 2);
        return result * (interval / sampled);
    }

    /** One bucket of a histogram: its upper bound ({@code le}) and cumulative count. */
    record Bucket(double upperBound, double count) {
    }

    /** The q-quantile of a cumulative histogram; NaN without a +Inf bucket or without observations. */
    static double quantile(double q, List<Bucket> unsorted) {
        if (Double.isNaN(q)) return Double.NaN;
        if (q < 0) return Double.NEGATIVE_INFINITY;
        if (q > 1) return Double.POSITIVE_INFINITY;
        List<Bucket> buckets = unsorted.stream().sorted(Comparator.comparingDouble(Bucket::upperBound)).toList();
        if (buckets.size() < 2 || buckets.get(buckets.size() - 1).upperBound() != Double.POSITIVE_INFINITY) return Double.NaN;
        double[] counts = new double[buckets.size()];
        for (int i = 0; i < counts.length; i++) counts[i] = Math.max(buckets.get(i).count(), i == 0 ? 0 : counts[i - 1]);
        double observations = counts[counts.length - 1];
        if (observations == 0) return Double.NaN;
        double rank = q * observations;
        int b = 0;
        while (b < counts.length - 1 && counts[b] < rank) b++;
        if (b == counts.length - 1) return buckets.get(b - 1).upperBound();
        if (b == 0 && buckets.get(0).upperBound() <= 0) return buckets.get(0).upperBound();
        double start = b == 0 ? 0 : buckets.get(b - 1).upperBound();
        double count = counts[b] - (b == 0 ? 0 : counts[b - 1]);
        rank -= b == 0 ? 0 : counts[b - 1];
        return start + (buckets.get(b).upperBound() - start) * (rank / count);
    }
}
