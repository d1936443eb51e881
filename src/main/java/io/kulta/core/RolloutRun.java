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
}
