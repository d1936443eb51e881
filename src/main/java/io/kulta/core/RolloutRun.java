package io.kulta.core;

import io.kulta.model.RolloutStatus;

import java.time.Instant;

/**
 * What every strategy's reconcile starts from once the spec is valid and its references exist: the
 * observation, a plan under construction (Valid=True), the previous status, the template's revision,
 * the desired replicas and the time.
 */
abstract class RolloutRun {
    final Observation o;
    final PlanBuilder p;
    final RolloutStatus prev;
    final String revision;
    final int replicas;
    final Instant now;

    RolloutRun(Observation o) {
        this.o = o;
        this.p = new PlanBuilder(o);
        this.prev = o.status();
        this.revision = o.revisionOfTemplate();
        this.replicas = o.rollout().getSpec().replicasOrDefault();
        this.now = o.now();
        Preconditions.valid(p);
    }

    /** The annotation is set to "true". */
    boolean requested(String annotation) {
        return "true".equals(o.annotation(annotation));
    }

    /** Acts on kulta.io/retry: removes it and records the new start. */
    void retry(String detail) {
        p.consume(Annotations.RETRY);
        p.transition(Transition.Action.STARTED, "retry of revision " + revision + " (kulta.io/retry)" + detail);
    }

    /** Acts on kulta.io/abort: removes it and records what the abort does. */
    void abort(String what) {
        p.consume(Annotations.ABORT);
        p.transition(Transition.Action.ABORTED, "aborted by kulta.io/abort: " + what);
    }
}
