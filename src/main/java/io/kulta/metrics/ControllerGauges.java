package io.kulta.metrics;

import io.kulta.queue.WorkQueue;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.spi.Registry;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The controller's own state: the work queue (kulta_workqueue_*) and leadership (kulta_leader 0/1). */
public final class ControllerGauges {
    /** The bean KultaApp binds and the cluster service sets (always true with leader election off). */
    public static final String LEADERSHIP = "leadership";

    private ControllerGauges() {
    }

    public static void register(MeterRegistry meters, WorkQueue queue, Registry beans) {
        Gauge.builder("kulta.workqueue.depth", queue, WorkQueue::length)
                .description("Rollout keys waiting for a worker").register(meters);
        FunctionCounter.builder("kulta.workqueue.adds", queue, WorkQueue::adds)
                .description("keys handed to the queue (coalesced ones included)").register(meters);
        FunctionCounter.builder("kulta.workqueue.retries", queue, WorkQueue::retries)
                .description("failed reconciles put back with backoff").register(meters);
        Timer wait = Timer.builder("kulta.workqueue.wait").description("time a key waited in the queue for a worker")
                .publishPercentileHistogram().register(meters);
        queue.reportWaits(nanos -> wait.record(nanos, TimeUnit.NANOSECONDS));
        Gauge.builder("kulta.leader", () -> leads(beans) ? 1 : 0)
                .description("1 while this instance holds the leader Lease").register(meters);
    }

    private static boolean leads(Registry beans) {
        BooleanSupplier leadership = beans.lookupByNameAndType(LEADERSHIP, BooleanSupplier.class);
        return leadership != null && leadership.getAsBoolean();
    }
}
