package io.kulta.core;

import java.time.Instant;

/**
 * What the cluster reports for one ReplicaSet of a Rollout.
 *
 * @param revision         its pod-template-hash label: what Services select
 * @param templateRevision this controller's hash of its pod template; differs from {@code revision}
 *                         only for ReplicaSets adopted from KULTA, whose hash is computed differently
 * @param available        its available pods, counting at most {@code desired}: pods a scale-down is taking away carry
 *                         no traffic safely (SPEC §3 "Traffic safety"), even while the status still counts them
 * @param created          its creationTimestamp, or null when unknown (revision history: oldest first)
 */
public record ReplicaSetState(String name, String revision, int desired, int current, int ready, int available,
                              String templateRevision, Instant created) {
    public ReplicaSetState {
        available = Math.min(available, desired);
    }

    public ReplicaSetState(String name, String revision, int desired, int current, int ready, int available,
                           String templateRevision) {
        this(name, revision, desired, current, ready, available, templateRevision, null);
    }

    public ReplicaSetState(String name, String revision, int desired, int current, int ready, int available) {
        this(name, revision, desired, current, ready, available, revision);
    }
}
