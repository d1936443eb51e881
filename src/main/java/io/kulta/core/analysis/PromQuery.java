package io.kulta.core.analysis;

/**
 * One HTTP request to one Prometheus: a PromQL expression whose result vector carries the answers for
 * many Rollouts at once.
 *
 * @param metric the metric name it answers, or {@link #REQUESTS} for the request counts
 */
public record PromQuery(String prometheus, String metric, String promql) {
    public static final String REQUESTS = "__requests";
    /** Label that custom queries' results carry to say which Rollout an element belongs to. */
    public static final String TARGET_LABEL = "kulta_target";
}
