package io.kulta.bench;

import java.util.List;

/** Percentiles by the nearest-rank method: p99 of 100 samples is the 99th smallest, never an interpolated value. */
public final class Percentiles {
    private Percentiles() {
    }

    /** @param p in (0, 100]; the smallest sample such that at least p % of the samples are ≤ it */
    public static double of(List<Double> samples, double p) {
        if (samples.isEmpty()) throw new IllegalArgumentException("no samples");
        if (p <= 0 || p > 100) throw new IllegalArgumentException("percentile out of (0, 100]: " + p);
        List<Double> sorted = samples.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
