package io.kulta.queue;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The kulta-queue consumer in a CamelContext: parallel workers, never two on one key, failed keys retried with backoff. */
class WorkQueueConsumerTest {
    private final WorkQueue queue = new WorkQueue(Duration.ofMillis(20), Duration.ofMillis(100));
    private final CamelContext context = new DefaultCamelContext();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final List<String> overlaps = new CopyOnWriteArrayList<>();
    private final AtomicInteger parallel = new AtomicInteger();
    private final AtomicInteger mostParallel = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        context.stop();
        queue.close();
    }

    @Test
    void workersRunDifferentKeysInParallelButNeverOneKeyTwiceAtOnce() throws Exception {
        start(3, 0);
        for (int round = 0; round < 20; round++) {
            for (String key : List.of("ns/a", "ns/b", "ns/c")) queue.add(key);
            Thread.sleep(5);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.length() == 0 && parallel.get() == 0);

        assertThat(overlaps).as("a key handed to two workers at once").isEmpty();
        assertThat(mostParallel.get()).as("different keys in parallel").isGreaterThan(1);
        assertThat(runs.get("ns/a").get()).as("adds while waiting are coalesced").isLessThan(20);
    }

    @Test
    void aKeyWhoseRouteFailsIsRetriedWithBackoffUntilItSucceeds() throws Exception {
        start(2, 3);
        long start = System.nanoTime();
        queue.add("ns/flaky");
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.containsKey("ns/flaky") && runs.get("ns/flaky").get() == 4);
        Thread.sleep(300);

        assertThat(runs.get("ns/flaky").get()).as("three failures, then one success, then no more").isEqualTo(4);
        assertThat(queue.retries()).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("20 + 40 + 80 ms of backoff").isGreaterThan(Duration.ofMillis(140));
        assertThat(queue.trackedKeys()).as("a success forgets the backoff").isZero();
    }

    private void start(int workers, int failuresFirst) throws Exception {
        context.addComponent("kulta-queue", new WorkQueueComponent(queue));
        // a lambda builder: an anonymous RouteBuilder here would be picked up by every KultaApp's package scan
        RouteBuilder.addRoutes(context, rb -> rb.from("kulta-queue:test?workers=" + workers).errorHandler(rb.noErrorHandler())
                .process(e -> {
                    String key = e.getMessage().getBody(String.class);
                    int run = runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) overlaps.add(key);
                    mostParallel.accumulateAndGet(parallel.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(15);
                        if (run <= failuresFirst) throw new IllegalStateException("failure " + run + " of " + key);
                    } finally {
                        parallel.decrementAndGet();
                        inFlight.get(key).decrementAndGet();
                    }
                }));
        context.start();
    }
}
