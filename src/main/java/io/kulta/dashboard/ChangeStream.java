package io.kulta.dashboard;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * /api/changes: server-sent events, one {@code data: namespace/name} per Rollout that changed (its status, its
 * ReplicaSets or its HTTPRoute), coalesced per write, with a comment every {@value #KEEPALIVE_SECONDS} s so a
 * closed page is noticed. Each open page holds one of the server's threads.
 */
final class ChangeStream implements AutoCloseable {
    static final int KEEPALIVE_SECONDS = 15;

    private final FleetWatch fleet;
    private volatile boolean closed;

    ChangeStream(FleetWatch fleet) {
        this.fleet = fleet;
    }

    void serve(HttpExchange exchange) throws IOException {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Consumer<String> listener = queue::add;
        fleet.onChange(listener);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            write(out, "retry: 1000\n: connected\n\n");
            while (!closed) {
                String first = queue.poll(KEEPALIVE_SECONDS, TimeUnit.SECONDS);
                if (first == null) {
                    write(out, ": keepalive\n\n");
                    continue;
                }
                Set<String> keys = new LinkedHashSet<>();
                keys.add(first);
                queue.drainTo(keys);
                StringBuilder events = new StringBuilder();
                for (String key : keys) events.append("data: ").append(key).append("\n\n");
                write(out, events.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException pageClosed) {
            // the page went away: nothing to tell it
        } finally {
            fleet.removeListener(listener);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
    }
}
