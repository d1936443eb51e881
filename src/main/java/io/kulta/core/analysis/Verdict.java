package io.kulta.core.analysis;

/** The outcome of evaluating a metric, or all of a Rollout's metrics. */
public enum Verdict {
    /** Healthy. */
    Pass,
    /** Out of bounds (for a whole analysis: failureThreshold reached). */
    Fail,
    /** No data, NaN, too few samples, still warming up, or failing below failureThreshold. */
    Inconclusive,
    /** Prometheus unreachable or a bad response; failurePolicy decides. */
    Error
}
