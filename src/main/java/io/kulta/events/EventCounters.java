package io.kulta.events;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** kulta_events_{sent,retried,dropped}_total{sink}: what became of each outbound event, per sink. */
public final class EventCounters {
    private static final Logger LOG = LoggerFactory.getLogger(EventCounters.class);
    private final MeterRegistry registry;

    public EventCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The sink's three counters at 0, so /metrics shows them (and their series count) before its first event. */
    public void declare(String sink) {
        for (String name : new String[] {"sent", "retried", "dropped"})
            registry.counter("kulta.events." + name, "sink", sink);
    }

    public void sent(String sink) {
        registry.counter("kulta.events.sent", "sink", sink).increment();
    }

    public void retried(String sink) {
        registry.counter("kulta.events.retried", "sink", sink).increment();
    }

    public void dropped(String sink, String why) {
        registry.counter("kulta.events.dropped", "sink", sink).increment();
        LOG.warn("dropped an event for sink {}: {}", sink, why);
    }

    public double count(String name, String sink) {
        var counter = registry.find("kulta.events." + name).tag("sink", sink).counter();
        return counter == null ? 0 : counter.count();
    }
}
