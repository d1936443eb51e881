package io.kulta.core.analysis;

/**
 * One HTTP request to one Prometheus: a PromQL expression whose result vector carries the answers for
 * many Rollouts at once, or, when a batch was rejected, the query of one Rollout alone.
 *
 * @param metric the metric name it answers, or {@link #REQUESTS} for the request counts
 * @param target the key of the one Rollout this query is for, or null for a batch
 */
public record PromQuery(String prometheus, String metric, String promql, String target) {
    public static final String REQUESTS = "__requests";
    /** Label that custom queries' results carry to say which Rollout an element belongs to. */
    public static final String TARGET_LABEL = "kulta_target";

    public PromQuery(String prometheus, String metric, String promql) {
        this(prometheus, metric, promql, null);
    }
}
