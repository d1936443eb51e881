package io.kulta.playground;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** How the mock answers a request its {@link FaultPlan} faulted. */
final class FaultAnswers {
    private static final ScheduledExecutorService WATCH_CLOSER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fault-plan-watch-closer");
        t.setDaemon(true);
        return t;
    });

    private FaultAnswers() {
    }

    /** The answer to give for this decision; {@code normal} dispatches the request (for the faults that apply it). */
    static MockResponse answer(FaultPlan.Decision d, Supplier<MockResponse> normal) {
        return switch (d.fault()) {
            case CONFLICT, INTERNAL_ERROR, UNAVAILABLE, REWATCH_GONE -> ApiServerLikeDispatcher.status(d.fault().status, d.message());
            case TOO_MANY_REQUESTS -> ApiServerLikeDispatcher.status(429, d.message()).setHeader("Retry-After", "1");
            case SLOW_REPLY -> normal.get().setBodyDelay(d.delay());
            case DROPPED_CONNECTION -> dropped(normal.get());
            case WATCH_CLOSED -> closedLater(normal.get(), d);
        };
    }

    /**
     * The reply is lost after the write was applied: its head carries a second, different Content-Length, so the client
     * cannot read it and drops the connection, as it would a connection cut mid-reply. (The mock gives no handle on the
     * socket, and a head announcing a body that never comes leaves the client waiting past any request timeout.)
     */
    private static MockResponse dropped(MockResponse answer) {
        long size = answer.getBody() == null ? 0 : answer.getBody().size();
        return answer.setHeader("Content-Length", String.valueOf(size + 4096)).setHeader("Connection", "close");
    }

    private static MockResponse closedLater(MockResponse watch, FaultPlan.Decision d) {
        WebSocketListener inner = watch.getWebSocketListener();
        if (inner == null) return watch;   // not upgraded (e.g. an error answer): nothing to close
        return watch.withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket socket, Response response) {
                inner.onOpen(socket, response);
                WATCH_CLOSER.schedule(() -> socket.close(1000, d.message()), d.delay().toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void onBeforeAccept(WebSocket socket, Response response) {
                inner.onBeforeAccept(socket, response);
            }

            @Override
            public void onMessage(WebSocket socket, String text) {
                inner.onMessage(socket, text);
            }

            @Override
            public void onMessage(WebSocket socket, ByteString bytes) {
                inner.onMessage(socket, bytes);
            }

            @Override
            public void onMessage(WebSocket socket, byte[] bytes) {
                inner.onMessage(socket, bytes);
            }

            @Override
            public void onClosing(WebSocket socket, int code, String reason) {
                inner.onClosing(socket, code, reason);
            }

            @Override
            public void onClosed(WebSocket socket, int code, String reason) {
                inner.onClosed(socket, code, reason);
            }

            @Override
            public void onFailure(WebSocket socket, Throwable t, Response response) {
                inner.onFailure(socket, t, response);
            }
        });
    }
}
