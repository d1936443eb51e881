package io.kulta.core;

import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;

import static io.kulta.core.Transition.Action.COMPLETED;
import static io.kulta.core.Transition.Action.STARTED;

/**
 * What every strategy does around its stable revision (SPEC §3 "Revisions and ReplicaSets"): the first
 * deployment, which becomes stable without a rollout, and reporting a stable revision that runs alone.
 */
final class StableRevision {
    private StableRevision() {
    }

    /**
     * No stable revision yet: the template's revision becomes stable at full size. Seen again while its
     * new ReplicaSet is not in the cache yet, it changes nothing and reports nothing.
     */
    static void firstDeployment(PlanBuilder p, String revision, int replicas) {
        if (revision.equals(p.o.status().stableRevision)) return;
        p.status.progressStartedAt = Timestamps.format(p.o.now());
        p.transition(STARTED, "first deployment of revision " + revision + " with " + replicas + " replicas");
        p.status.stableRevision = revision;
        p.status.phase = Phase.Progressing;
    }

    /** A template changed back to the stable one while a newer revision was on its way (and not aborted already). */
    static boolean revertsRollout(RolloutStatus prev, String stable) {
        return prev.canaryRevision != null && !prev.canaryRevision.equals(stable) && prev.phase != Phase.Aborted;
    }

    /**
     * The stable revision runs alone: Healthy once it has its replicas available, and then phase
     * Completed, with one Completed transition when it gets there.
     *
     * @param role what the strategy calls its stable revision ("stable", "active")
     */
    static void settle(PlanBuilder p, String stable, int replicas, String role) {
        p.status.updatedReplicas = p.o.current(stable);
        int available = p.o.available(stable);
        boolean ready = available >= replicas;
        p.condition(Conditions.HEALTHY, ready, ready ? "AllReplicasAvailable" : "ReplicasUnavailable",
                available + "/" + replicas + " replicas available");
        if (ready && p.status.phase != Phase.Completed) {
            p.transition(COMPLETED, "revision " + stable + " is " + role + " with " + replicas + " replicas");
        }
        if (ready || p.status.phase == Phase.Completed) {
            p.phase(Phase.Completed, "revision " + stable + " is " + role);
            p.condition(Conditions.PROGRESSING, true, "RolloutCompleted", "revision " + stable + " is " + role);
        } else {
            p.phase(Phase.Progressing, "revision " + stable + ": waiting for replicas (" + available + "/" + replicas + " available)");
            p.condition(Conditions.PROGRESSING, true, "WaitingForReplicas", p.status.message);
        }
    }
}
