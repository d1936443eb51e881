package io.kulta.core;

/** What the cluster reports for one ReplicaSet of a Rollout. */
public record ReplicaSetState(String name, String revision, int desired, int current, int ready, int available) {
}
