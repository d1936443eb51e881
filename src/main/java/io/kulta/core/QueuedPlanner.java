package io.kulta.core;

import io.kulta.model.Phase;

/**
 * The plan of a Rollout whose new revision waits for a slot (KULTA_MAX_CONCURRENT_ROLLOUTS): only its status says so;
 * ReplicaSets, Services and routes stay as they are. The message does not change while it waits, so waiting costs
 * one status write.
 */
public final class QueuedPlanner {
    private final int limit;

    public QueuedPlanner(int limit) {
        this.limit = limit;
    }

    public Plan plan(Observation o) {
        PlanBuilder p = new PlanBuilder(o);
        String since = o.status().queuedAt;
        p.status.queuedAt = since != null ? since : Timestamps.format(o.now());
        String message = "revision " + o.revisionOfTemplate() + " is queued: at most " + limit
                + " Rollouts progress at once (KULTA_MAX_CONCURRENT_ROLLOUTS); it starts when a slot frees, the longest waiting first";
        Preconditions.valid(p);
        p.phase(Phase.Progressing, message);
        p.condition(Conditions.PROGRESSING, true, "Queued", message);
        return p.build();
    }
}
