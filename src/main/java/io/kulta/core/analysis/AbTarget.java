package io.kulta.core.analysis;

import io.kulta.model.AbTestingStrategy;

import java.util.List;

/**
 * An A/B Rollout whose experiment is running this tick.
 *
 * @param window     the PromQL range since the experiment started, in whole minutes (e.g. "37m")
 * @param prometheus the Prometheus base URL to ask, or null when none is configured
 */
public record AbTarget(String key, String namespace, String rollout, String revisionA, String revisionB,
                       String serviceA, String serviceB, String prometheus, String window, List<AbTestingStrategy.AbMetric> metrics) {
}
