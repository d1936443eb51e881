package io.kulta.metrics;

import io.kulta.core.RolloutEvent;
import io.kulta.core.Transition.Action;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;

/** kulta_step_advances_total, kulta_rollbacks_total, kulta_aborts_total {strategy}: counted from the rollout events. */
public final class TransitionCounters {
    private static final Map<Action, String> COUNTED = Map.of(
            Action.STEP_ADVANCED, "kulta.step.advances",
            Action.ROLLED_BACK, "kulta.rollbacks",
            Action.ABORTED, "kulta.aborts");
    private final MeterRegistry registry;

    public TransitionCounters(MeterRegistry registry) {
        this.registry = registry;
        COUNTED.values().forEach(name -> RolloutGauges.STRATEGIES.forEach(s -> counter(name, s)));
    }

    /** Passes the event on unchanged (a step of the route before direct:rollout-event). */
    public RolloutEvent count(RolloutEvent event) {
        String name = COUNTED.get(Action.valueOf(event.action()));
        if (name != null) counter(name, RolloutGauges.STRATEGIES.contains(event.strategy()) ? event.strategy() : "invalid").increment();
        return event;
    }

    private Counter counter(String name, String strategy) {
        return Counter.builder(name).tag("strategy", strategy).register(registry);
    }
}
