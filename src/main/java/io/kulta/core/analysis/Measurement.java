package io.kulta.core.analysis;

import java.time.Instant;
import java.util.Map;

/**
 * What one analysis tick measured for one Rollout's new revision.
 *
 * @param samples by metric name
 * @param error   why Prometheus could not be asked or did not answer; null when it answered
 */
public record Measurement(String revision, Instant time, Map<String, Sample> samples, String error) {

    public static Measurement failed(String revision, Instant time, String error) {
        return new Measurement(revision, time, Map.of(), error);
    }
}
