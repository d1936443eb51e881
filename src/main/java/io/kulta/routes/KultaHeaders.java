package io.kulta.routes;

/** Header names KULTA's routes use. */
public final class KultaHeaders {
    /** namespace/name of the Rollout being reconciled. */
    public static final String ROLLOUT_KEY = "KultaRolloutKey";
    /** A java.time.Duration: when to reconcile the Rollout again. */
    public static final String REQUEUE_AFTER = "KultaRequeueAfter";
    /** The strategy of the Rollout being reconciled: canary, blueGreen, abTesting, simple or invalid. */
    public static final String STRATEGY = "KultaStrategy";
    /** The fields of a Rollout the model cannot read and why (set only while such a Rollout is cleaned up). */
    public static final String UNREADABLE = "KultaUnreadable";

    private KultaHeaders() {
    }
}
