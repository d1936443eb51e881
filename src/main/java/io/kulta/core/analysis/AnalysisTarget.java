package io.kulta.core.analysis;

import io.kulta.model.AnalysisConfig;

import java.util.List;

/**
 * A Rollout whose new revision is under analysis this tick.
 *
 * @param key        namespace/name
 * @param prometheus the Prometheus base URL to ask, or null when none is configured
 * @param service    the Service of the new revision (for {{service}} in custom queries)
 */
public record AnalysisTarget(String key, String namespace, String rollout, String revision, String stableRevision,
                             String service, String prometheus, List<AnalysisConfig.Metric> metrics) {
}
