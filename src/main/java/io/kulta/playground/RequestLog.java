package io.kulta.playground;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * Every request the mock API server received, in arrival order (injected failures included).
 * {@link #count} matches the path without its query string, e.g. a list and a watch share a path.
 */
public final class RequestLog {

    /**
     * @param query     the query string without "?", or ""
     * @param userAgent the client's User-Agent (the controller's names its instance: kulta/&lt;pod&gt;), or ""
     * @param nanos     when it arrived (System.nanoTime)
     */
    public record Entry(String method, String path, String query, String userAgent, long nanos) {
        public boolean isWrite() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    private final Queue<Entry> entries = new ConcurrentLinkedQueue<>();

    void record(String method, String pathAndQuery, String userAgent) {
        int q = pathAndQuery.indexOf('?');
        String agent = userAgent == null ? "" : userAgent;
        long now = System.nanoTime();
        entries.add(q < 0 ? new Entry(method, pathAndQuery, "", agent, now)
                : new Entry(method, pathAndQuery.substring(0, q), pathAndQuery.substring(q + 1), agent, now));
    }

    /** How many requests had this HTTP verb and a path matching the whole regex. */
    public long count(String method, String pathRegex) {
        Pattern pattern = Pattern.compile(pathRegex);
        return entries.stream()
                .filter(e -> e.method().equalsIgnoreCase(method) && pattern.matcher(e.path()).matches())
                .count();
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public void reset() {
        entries.clear();
    }
}
