package io.kulta.core;

import java.util.Optional;

/**
 * For the strategy this build does not drive yet (abTesting): validates the spec and says so in the
 * status, touching nothing else.
 */
public final class PendingStrategyPlanner implements StrategyPlanner {
    @Override
    public Plan plan(Observation o) {
        Optional<Plan> invalid = Preconditions.invalid(o);
        if (invalid.isPresent()) return invalid.get();
        PlanBuilder p = new PlanBuilder(o);
        Preconditions.valid(p);
        String message = "strategy " + o.strategy() + " is not implemented by this controller version yet"
                + " (canary, blueGreen and simple are); nothing was changed";
        p.condition(Conditions.PROGRESSING, false, "StrategyNotImplemented", message);
        p.status.message = message;
        return p.build();
    }
}
