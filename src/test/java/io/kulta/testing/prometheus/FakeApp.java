package io.kulta.testing.prometheus;

import io.kulta.playground.AppMetrics;
import io.kulta.playground.MetricsEndpoint;
import io.kulta.playground.PodBehaviour;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application under rollout, as Prometheus sees it, with each revision's traffic chosen by the test instead of
 * routed through an HTTPRoute (that is the playground's traffic simulator): the product's
 * {@link AppMetrics} on a /metrics endpoint, counters growing every 100 ms.
 */
public final class FakeApp implements AutoCloseable {

    /** Requests per second, the share of them that fail with 500, and how long each takes. */
    public record Traffic(double requestsPerSecond, double errorShare, double latencySeconds) {
        public static Traffic healthy() {
            return new Traffic(50, 0, 0.03);
        }
    }

    private final AppMetrics metrics = new AppMetrics();
    private final Map<AppMetrics.Revision, Traffic> traffic = new ConcurrentHashMap<>();
    private final MetricsEndpoint endpoint = new MetricsEndpoint(metrics, 0);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private long lastTick = System.nanoTime();

    public FakeApp() {
        ticker.scheduleAtFixedRate(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    public String target() {
        return endpoint.target();
    }

    public void serve(String namespace, String rollout, String revision, Traffic t) {
        traffic.put(new AppMetrics.Revision(namespace, rollout, revision), t);
    }

    /** Counts the traffic of the real time since the last tick, so a starved ticker thread loses no requests. */
    private void tick() {
        long now = System.nanoTime();
        double seconds = (now - lastTick) / 1e9;
        lastTick = now;
        traffic.forEach((r, t) -> metrics.record(r, t.requestsPerSecond() * seconds, new PodBehaviour(t.errorShare(), t.latencySeconds())));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        endpoint.close();
    }
}
