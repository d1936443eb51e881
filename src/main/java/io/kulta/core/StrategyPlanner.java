package io.kulta.core;

/** Decides, for one strategy, what a Rollout's cluster state should be next. Pure: same input, same Plan. */
public interface StrategyPlanner {
    Plan plan(Observation observation);
}
