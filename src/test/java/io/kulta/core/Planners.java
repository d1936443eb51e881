package io.kulta.core;

import io.kulta.model.Rollout;

/** The planner the reconcile route picks for a Rollout's strategy. */
final class Planners {
    private Planners() {
    }

    /** The planner of the Rollout's strategy, with no settle time between a selector change and weight (see SafeTrafficTest). */
    static StrategyPlanner of(Rollout rollout) {
        var strategy = rollout.getSpec() == null ? null : rollout.getSpec().strategy;
        if (strategy != null && strategy.blueGreen != null && strategy.canary == null) return new BlueGreenPlanner(java.time.Duration.ZERO);
        if (strategy != null && strategy.abTesting != null && strategy.canary == null) return new AbTestingPlanner(java.time.Duration.ZERO);
        if (strategy != null && strategy.simple != null && strategy.canary == null) return new SimplePlanner();
        return new CanaryPlanner(java.time.Duration.ZERO);
    }
}
