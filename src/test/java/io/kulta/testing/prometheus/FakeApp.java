package io.kulta.testing.prometheus;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application under rollout, as Prometheus sees it: per revision, {@code http_requests_total} by
 * status and an {@code http_request_duration_seconds} histogram, labelled namespace/rollout/revision.
 * Tests choose each revision's traffic; counters grow every 100 ms.
 */
public final class FakeApp implements AutoCloseable {
    static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5};

    /** Requests per second, the share of them that fail with 500, and how long each takes. */
    public record Traffic(double requestsPerSecond, double errorShare, double latencySeconds) {
        public static Traffic healthy() {
            return new Traffic(50, 0, 0.03);
        }
    }

    private record Series(String namespace, String rollout, String revision) {
    }

    private static final class Counters {
        volatile Traffic traffic;
        double ok, failed, sumSeconds;
        final double[] buckets = new double[BUCKETS.length];
    }

    private final Map<Series, Counters> series = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    public FakeApp() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        ticker.scheduleAtFixedRate(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public void serve(String namespace, String rollout, String revision, Traffic traffic) {
        series.computeIfAbsent(new Series(namespace, rollout, revision), s -> new Counters()).traffic = traffic;
    }

    private long lastTick = System.nanoTime();

    /** Counts the traffic of the real time since the last tick, so a starved ticker thread loses no requests. */
    private synchronized void tick() {
        long now = System.nanoTime();
        double seconds = (now - lastTick) / 1e9;
        lastTick = now;
        series.values().forEach(c -> {
            Traffic t = c.traffic;
            if (t == null) return;
            double n = t.requestsPerSecond() * seconds;
            c.failed += n * t.errorShare();
            c.ok += n * (1 - t.errorShare());
            c.sumSeconds += n * t.latencySeconds();
            for (int i = 0; i < BUCKETS.length; i++) if (t.latencySeconds() <= BUCKETS[i]) c.buckets[i] += n;
        });
    }

    private synchronized String exposition() {
        StringBuilder out = new StringBuilder();
        out.append("# TYPE http_requests_total counter\n");
        series.forEach((s, c) -> {
            out.append("http_requests_total{").append(labels(s)).append(",status=\"200\"} ").append(c.ok).append('\n');
            if (c.failed > 0) out.append("http_requests_total{").append(labels(s)).append(",status=\"500\"} ").append(c.failed).append('\n');
        });
        out.append("# TYPE http_request_duration_seconds histogram\n");
        series.forEach((s, c) -> {
            for (int i = 0; i < BUCKETS.length; i++)
                out.append("http_request_duration_seconds_bucket{").append(labels(s)).append(",le=\"").append(BUCKETS[i])
                        .append("\"} ").append(c.buckets[i]).append('\n');
            double count = c.ok + c.failed;
            out.append("http_request_duration_seconds_bucket{").append(labels(s)).append(",le=\"+Inf\"} ").append(count).append('\n');
            out.append("http_request_duration_seconds_sum{").append(labels(s)).append("} ").append(c.sumSeconds).append('\n');
            out.append("http_request_duration_seconds_count{").append(labels(s)).append("} ").append(count).append('\n');
        });
        return out.toString();
    }

    private static String labels(Series s) {
        return "namespace=\"" + s.namespace() + "\",rollout=\"" + s.rollout() + "\",revision=\"" + s.revision() + "\"";
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
    }
}
