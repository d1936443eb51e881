package io.kulta.core.analysis;

import java.time.Instant;
import java.util.Map;

/**
 * What one analysis tick measured for one Rollout's new revision.
 *
 * @param stepIndex canary: the step index the Rollout had when the query was issued (null for other strategies)
 * @param weight    canary: the weight it had then; a measurement counts only for that step and weight
 * @param samples   by metric name (canary, blue-green, simple)
 * @param error     why Prometheus could not be asked or did not answer; null when it answered
 * @param variants  A/B testing: both variants' counts by metric name (empty for the other strategies)
 */
public record Measurement(String revision, Integer stepIndex, Integer weight, Instant time, Map<String, Sample> samples,
                          String error, Map<String, VariantCounts> variants) {

    public Measurement(String revision, Instant time, Map<String, Sample> samples, String error) {
        this(revision, null, null, time, samples, error, Map.of());
    }

    public static Measurement failed(String revision, Instant time, String error) {
        return new Measurement(revision, time, Map.of(), error);
    }

    public static Measurement ofVariants(String revision, Instant time, Map<String, VariantCounts> variants) {
        return new Measurement(revision, null, null, time, Map.of(), null, variants);
    }

    /** The same measurement, taken at this step and weight. */
    public Measurement at(Integer stepIndex, Integer weight) {
        return new Measurement(revision, stepIndex, weight, time, samples, error, variants);
    }
}
