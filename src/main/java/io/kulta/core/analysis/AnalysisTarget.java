package io.kulta.core.analysis;

import io.kulta.model.AnalysisConfig;

import java.util.List;

/**
 * A Rollout whose new revision is under analysis this tick.
 *
 * @param key        namespace/name
 * @param prometheus the Prometheus base URL to ask, or null when none is configured
 * @param service    the Service of the new revision (for {{service}} in custom queries)
 * @param stepIndex  canary: the step index in the cached status when the query is issued, else null
 * @param weight     canary: the weight in the cached status then, else null
 */
public record AnalysisTarget(String key, String namespace, String rollout, String revision, String stableRevision,
                             String service, String prometheus, List<AnalysisConfig.Metric> metrics,
                             Integer stepIndex, Integer weight) {

    public AnalysisTarget(String key, String namespace, String rollout, String revision, String stableRevision,
                          String service, String prometheus, List<AnalysisConfig.Metric> metrics) {
        this(key, namespace, rollout, revision, stableRevision, service, prometheus, metrics, null, null);
    }
}
