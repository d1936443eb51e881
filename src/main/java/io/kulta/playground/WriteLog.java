package io.kulta.playground;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every write (POST, PUT, PATCH, DELETE) the mock API server dispatched, once {@link #enable()}d: who sent it, what it
 * sent, and the stored object as it was just before and just after. Off by default, since the playground runs for
 * hours and would keep every version of every object.
 */
public final class WriteLog {

    /**
     * @param query     the query string without "?", or ""
     * @param userAgent the client's User-Agent (the controller's is kulta/&lt;pod&gt;), or ""
     * @param status    the HTTP status it was answered with
     * @param body      what the client sent, or ""
     * @param before    the stored object (JSON) before the write; null when there was none or the write changed nothing
     * @param after     the stored object (JSON) after the write; null when it was deleted or the write changed nothing
     */
    public record Write(String method, String path, String query, String userAgent, int status, String body,
                        String before, String after) {
        public boolean changedSomething() {
            return before != null || after != null;
        }
    }

    private final Queue<Write> writes = new ConcurrentLinkedQueue<>();
    private volatile boolean enabled;

    public void enable() {
        enabled = true;
    }

    public boolean isEnabled() {
        return enabled;
    }

    void record(Write write) {
        if (enabled) writes.add(write);
    }

    public List<Write> writes() {
        return List.copyOf(writes);
    }
}
