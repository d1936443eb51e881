package io.kulta.core;

import java.time.Duration;
import java.util.Map;

/**
 * The planner of each strategy, chosen by {@link Observation#strategy()}: the reconcile route and the unit tests use
 * this one choice. A spec without exactly one strategy goes to the simple planner, which reports it as invalid.
 */
public final class Planners {
    private final Map<String, StrategyPlanner> byStrategy;
    private final StrategyPlanner otherwise = new SimplePlanner();

    /** @param settle how long a Service selects a revision before weight moves onto it (kulta.trafficSettleSeconds) */
    public Planners(Duration settle) {
        byStrategy = Map.of("canary", new CanaryPlanner(settle), "blueGreen", new BlueGreenPlanner(settle),
                "abTesting", new AbTestingPlanner(settle), "simple", otherwise);
    }

    public StrategyPlanner of(Observation o) {
        return byStrategy.getOrDefault(o.strategy(), otherwise);
    }

    public Plan plan(Observation o) {
        return of(o).plan(o);
    }
}
