package io.kulta.core;

/** Labels the controller puts on (and selects) the objects it manages. */
public final class Labels {
    public static final String POD_TEMPLATE_HASH = "pod-template-hash";
    public static final String ROLLOUT = "rollouts.kulta.io/rollout";
    public static final String MANAGED = "rollouts.kulta.io/managed";
    /** KULTA's Service selector key, removed by this controller in favour of pod-template-hash. */
    public static final String KULTA_TYPE = "rollouts.kulta.io/type";

    /** Annotation on a Service: when the controller last changed its selector (RFC 3339), for the settle time. */
    public static final String SELECTED_SINCE = "rollouts.kulta.io/selected-since";

    private Labels() {
    }
}
