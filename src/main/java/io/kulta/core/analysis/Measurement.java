package io.kulta.core.analysis;

import java.time.Instant;
import java.util.Map;

/**
 * What one analysis tick measured for one Rollout's new revision.
 *
 * @param samples  by metric name (canary, blue-green, simple)
 * @param error    why Prometheus could not be asked or did not answer; null when it answered
 * @param variants A/B testing: both variants' counts by metric name (empty for the other strategies)
 */
public record Measurement(String revision, Instant time, Map<String, Sample> samples, String error,
                          Map<String, VariantCounts> variants) {

    public Measurement(String revision, Instant time, Map<String, Sample> samples, String error) {
        this(revision, time, samples, error, Map.of());
    }

    public static Measurement failed(String revision, Instant time, String error) {
        return new Measurement(revision, time, Map.of(), error);
    }

    public static Measurement ofVariants(String revision, Instant time, Map<String, VariantCounts> variants) {
        return new Measurement(revision, time, Map.of(), null, variants);
    }
}
