package io.kulta.metrics;

import io.kulta.model.Phase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * kulta_status_writes_total{change,phase}: each Rollout status the controller wrote, by what was new in it —
 * {@code decision} (phase, step, weight, a transition, a consumed annotation, ...) or {@code observation} (only replica
 * counters and wording, the writes {@code StatusPacing} spaces out) — and the phase it was written with.
 */
public final class StatusWriteCounters {
    private final MeterRegistry registry;

    public StatusWriteCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void wrote(boolean observationOnly, Phase phase) {
        Counter.builder("kulta.status.writes").description("Rollout status writes, by what was new and the phase written")
                .tags("change", observationOnly ? "observation" : "decision", "phase", phase == null ? "none" : phase.name())
                .register(registry).increment();
    }
}
