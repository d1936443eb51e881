package io.kulta.playground;

import java.util.Map;

/** One sample of the application's metrics as Prometheus scrapes it: metric name, labels, value. */
public record MetricSample(String name, Map<String, String> labels, double value) {
    public MetricSample {
        labels = Map.copyOf(labels);
    }

    /** The series identity: name and labels. */
    public String series() {
        return name + new java.util.TreeMap<>(labels);
    }
}
