package io.kulta.bench;

import java.util.List;

/** Repeated measurements of one figure: every run, their median and their range. */
public record Spread(List<Double> runs, double median, double min, double max) {

    public static Spread of(List<Double> runs) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs");
        List<Double> sorted = runs.stream().sorted().toList();
        return new Spread(List.copyOf(runs), Percentiles.of(sorted, 50), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    /** (max − min) / median: how far apart the repetitions were, 0 for one run. */
    public double relativeRange() {
        return median == 0 ? 0 : (max - min) / median;
    }
}
