package io.kulta.core;

/** The annotations users set on a Rollout to steer it. */
public final class Annotations {
    public static final String PROMOTE = "kulta.io/promote";
    public static final String PROMOTE_ALIAS = "rollouts.kulta.io/promote";
    public static final String ABORT = "kulta.io/abort";
    public static final String RETRY = "kulta.io/retry";
    public static final String CONCLUDE_EXPERIMENT = "kulta.io/conclude-experiment";

    private Annotations() {
    }
}
