package io.kulta.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.function.Consumer;

/** kulta_informer_restarts_total{resource}: informers restarted because they had not watched for longer than the resync. */
public final class InformerRestarts implements Consumer<String> {
    private final MeterRegistry meters;

    public InformerRestarts(MeterRegistry meters, List<String> kinds) {
        this.meters = meters;
        kinds.forEach(this::counter);   // shown at 0 before the first restart
    }

    @Override
    public void accept(String kind) {
        counter(kind).increment();
    }

    private Counter counter(String kind) {
        return Counter.builder("kulta.informer.restarts").tag("resource", kind)
                .description("informers restarted after going without a working watch for longer than the resync").register(meters);
    }
}
