package io.kulta.testing.prometheus;

/**
 * One way Prometheus (or whatever answers at its address) can misbehave for every query of one analysis tick. SPEC §4
 * calls unreachable, timeout and bad response an error (governed by failurePolicy); no data and NaN are inconclusive;
 * an infinite value is a value, checked against the metric's bounds.
 */
public enum PrometheusFault {
    /** 500 with a plain-text body. */
    HTTP_500(Outcome.ERROR),
    /** 503 "Service Unavailable", as Prometheus answers before it is ready. */
    HTTP_503(Outcome.ERROR),
    /** The reply comes later than the controller's Prometheus timeout. */
    SLOW(Outcome.ERROR),
    /** The connection is closed without any reply. */
    DROPPED(Outcome.ERROR),
    /** 200 with an HTML page (a proxy's error page). */
    NOT_JSON(Outcome.ERROR),
    /** 200 with JSON that is no instant vector: a matrix, or a sample whose value is a number instead of a string. */
    WRONG_SHAPE(Outcome.ERROR),
    /** 422 {@code status: error}, Prometheus' own refusal. */
    STATUS_ERROR(Outcome.ERROR),
    /** A success with an empty vector: no data. */
    EMPTY_VECTOR(Outcome.INCONCLUSIVE),
    /** Every sample of every answer is NaN. */
    NAN_VALUES(Outcome.INCONCLUSIVE),
    /** Every sample of every answer is +Inf. */
    INF_VALUES(Outcome.VALUE),
    /** One sample of each answer (picked by the seed) is NaN, the others as Prometheus answered. */
    NAN_IN_ONE_SERIES(Outcome.VALUE),
    /** One sample of each answer (picked by the seed) is +Inf. */
    INF_IN_ONE_SERIES(Outcome.VALUE);

    /** What SPEC §4 makes of the fault for the Rollout whose samples it hits. */
    public enum Outcome { ERROR, INCONCLUSIVE, VALUE }

    public final Outcome outcome;

    PrometheusFault(Outcome outcome) {
        this.outcome = outcome;
    }

    public static java.util.List<PrometheusFault> errors() {
        return java.util.Arrays.stream(values()).filter(f -> f.outcome == Outcome.ERROR).toList();
    }
}
