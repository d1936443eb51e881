package io.kulta.core;

import io.kulta.core.analysis.Measurement;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a planner may know: the Rollout, its ReplicaSets by revision, which of the Services and
 * HTTPRoutes it names exist, and the time. Read from the informer caches once per reconcile.
 *
 * @param replicaSets the Rollout's ReplicaSets keyed by revision (pod-template-hash)
 * @param services    names of the Services in the Rollout's namespace that it references and that exist
 * @param httpRoutes  names of the HTTPRoutes it references and that exist
 * @param measurement the latest analysis measurement not yet recorded in the status, or null
 * @param traffic     what the referenced Services select and their weights in the HTTPRoute; null when not
 *                    observed (then planners assume the state their last status describes)
 */
public record Observation(Rollout rollout, Map<String, ReplicaSetState> replicaSets, Set<String> services,
                          Set<String> httpRoutes, Instant now, Measurement measurement, ObservedTraffic traffic) {

    public Observation(Rollout rollout, Map<String, ReplicaSetState> replicaSets, Set<String> services,
                       Set<String> httpRoutes, Instant now, Measurement measurement) {
        this(rollout, replicaSets, services, httpRoutes, now, measurement, null);
    }

    /** An observation without a new analysis measurement. */
    public Observation(Rollout rollout, Map<String, ReplicaSetState> replicaSets, Set<String> services,
                       Set<String> httpRoutes, Instant now) {
        this(rollout, replicaSets, services, httpRoutes, now, null);
    }

    public RolloutStatus status() {
        return rollout.getStatus() == null ? new RolloutStatus() : rollout.getStatus();
    }

    public String annotation(String... names) {
        var annotations = rollout.getMetadata().getAnnotations();
        if (annotations == null) return null;
        for (String name : names) if (annotations.containsKey(name)) return annotations.get(name);
        return null;
    }

    public Optional<ReplicaSetState> replicaSet(String revision) {
        return Optional.ofNullable(revision == null ? null : replicaSets.get(revision));
    }

    /**
     * The revision of the Rollout's template: the pod-template-hash of a ReplicaSet that already runs
     * this template (one adopted from KULTA keeps KULTA's hash), else this controller's hash of it.
     */
    public String revisionOfTemplate() {
        String hash = RevisionHash.of(rollout.getSpec().template);
        if (replicaSets.containsKey(hash)) return hash;
        return replicaSets.values().stream().filter(rs -> hash.equals(rs.templateRevision()))
                .map(ReplicaSetState::revision).sorted().findFirst().orElse(hash);
    }

    /** Pods the revision's ReplicaSet has (0 without one). */
    public int current(String revision) {
        return replicaSet(revision).map(ReplicaSetState::current).orElse(0);
    }

    public int available(String revision) {
        return replicaSet(revision).map(ReplicaSetState::available).orElse(0);
    }

    /** Replicas the revision's ReplicaSet asks for (0 without one). */
    public int desired(String revision) {
        return replicaSet(revision).map(ReplicaSetState::desired).orElse(0);
    }

    /** Name of the configured strategy, or "invalid" when not exactly one is set. */
    public String strategy() {
        var s = rollout.getSpec() == null || rollout.getSpec().strategy == null ? null : rollout.getSpec().strategy.configured();
        return s != null && s.size() == 1 ? s.get(0) : "invalid";
    }
}
