package io.kulta.kube;

import io.kulta.core.Observation;
import io.kulta.core.RolloutEvent;
import io.kulta.core.Transition;

import java.time.Clock;

/** Builds the rollout event of a transition decided on an observation, stamped with the controller's clock. */
public final class RolloutEvents {
    private final Clock clock;

    public RolloutEvents(Clock clock) {
        this.clock = clock;
    }

    /** The event of a transition decided on this observation (nothing written before it, e.g. a deletion's cleanup). */
    public RolloutEvent of(Observation o, Transition t) {
        return RolloutEvent.of(o.rollout(), o.strategy(), t, clock.instant());
    }
}
