package io.kulta.core;

/**
 * What the cluster reports for one ReplicaSet of a Rollout.
 *
 * @param revision         its pod-template-hash label: what Services select
 * @param templateRevision this controller's hash of its pod template; differs from {@code revision}
 *                         only for ReplicaSets adopted from KULTA, whose hash is computed differently
 */
public record ReplicaSetState(String name, String revision, int desired, int current, int ready, int available,
                              String templateRevision) {

    public ReplicaSetState(String name, String revision, int desired, int current, int ready, int available) {
        this(name, revision, desired, current, ready, available, revision);
    }
}
