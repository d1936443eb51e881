package io.kulta.core;

import io.kulta.model.RolloutStatus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The desired state a planner computed for one Rollout. It performs nothing: apply-plan compares it
 * with {@link #basis()} and writes only the difference.
 *
 * @param replicas         desired replicas per revision; a revision without a ReplicaSet gets one
 * @param serviceRevisions the revision each named Service should select (absent: leave the Service alone)
 * @param traffic          HTTPRoute weights, or null to leave routes alone
 * @param abRoute          the A/B rules wanted on the HTTPRoute, or null to leave them alone
 * @param status           the complete desired status
 * @param transitions      what happened, emitted as events once the status is written
 * @param consumed         annotations acted on, removed from the Rollout
 * @param requeueAfter     when to look again regardless of events (a timed pause ends), or null
 * @param deletions        names of old ReplicaSets to delete (spec.revisionHistoryLimit), after the scale-down
 */
public record Plan(Observation basis, Map<String, Integer> replicas, Map<String, String> serviceRevisions,
                   TrafficSplit traffic, AbRoute abRoute, RolloutStatus status, List<Transition> transitions, Set<String> consumed,
                   Duration requeueAfter, List<String> deletions) {

    /** A plan that deletes no ReplicaSet. */
    public Plan(Observation basis, Map<String, Integer> replicas, Map<String, String> serviceRevisions,
                TrafficSplit traffic, AbRoute abRoute, RolloutStatus status, List<Transition> transitions, Set<String> consumed,
                Duration requeueAfter) {
        this(basis, replicas, serviceRevisions, traffic, abRoute, status, transitions, consumed, requeueAfter, List.of());
    }

    public String namespace() {
        return basis.rollout().getMetadata().getNamespace();
    }

    public String name() {
        return basis.rollout().getMetadata().getName();
    }

    /** The Rollout's work-queue key, {@code namespace/name}. */
    public String key() {
        return namespace() + "/" + name();
    }
}
