package io.kulta.playground;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics the application's pods export, per revision: {@code http_requests_total{namespace,rollout,revision,status}}
 * and the {@code http_request_duration_seconds} histogram, labelled as SPEC §4's built-in templates select them.
 * Counts are fractional: a request of a revision that fails 20 % of the time adds 0.8 to status 200 and 0.2 to 500.
 */
public final class AppMetrics {
    /** The Prometheus client libraries' default buckets. */
    public static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** Which pods served: the labels every sample of a revision carries. */
    public record Revision(String namespace, String rollout, String revision) {
    }

    private static final class Counters {
        double ok, failed, sumSeconds;
        final double[] buckets = new double[BUCKETS.length];
    }

    private final Map<Revision, Counters> counters = new LinkedHashMap<>();

    /** Counts {@code requests} answered by the revision's pods behaving as {@code behaviour}. */
    public synchronized void record(Revision revision, double requests, PodBehaviour behaviour) {
        Counters c = counters.computeIfAbsent(revision, r -> new Counters());
        c.failed += requests * behaviour.errorShare();
        c.ok += requests * (1 - behaviour.errorShare());
        c.sumSeconds += requests * behaviour.latencySeconds();
        for (int i = 0; i < BUCKETS.length; i++) if (behaviour.latencySeconds() <= BUCKETS[i]) c.buckets[i] += requests;
    }

    /**
     * Every sample, as a scrape would see them now, grouped by metric family; a 500 series only once a request failed
     * (as real apps do).
     */
    public synchronized List<MetricSample> samples() {
        List<MetricSample> requests = new ArrayList<>(), histogram = new ArrayList<>();
        counters.forEach((r, c) -> {
            requests.add(new MetricSample("http_requests_total", labels(r, "status", "200"), c.ok));
            if (c.failed > 0) requests.add(new MetricSample("http_requests_total", labels(r, "status", "500"), c.failed));
            for (int i = 0; i < BUCKETS.length; i++)
                histogram.add(new MetricSample("http_request_duration_seconds_bucket", labels(r, "le", Double.toString(BUCKETS[i])), c.buckets[i]));
            double count = c.ok + c.failed;
            histogram.add(new MetricSample("http_request_duration_seconds_bucket", labels(r, "le", "+Inf"), count));
            histogram.add(new MetricSample("http_request_duration_seconds_sum", labels(r, null, null), c.sumSeconds));
            histogram.add(new MetricSample("http_request_duration_seconds_count", labels(r, null, null), count));
        });
        requests.addAll(histogram);
        return requests;
    }

    /** The Prometheus text exposition format (0.0.4) of {@link #samples()}. */
    public String exposition() {
        StringBuilder out = new StringBuilder();
        String family = null;
        for (MetricSample s : samples()) {
            String f = s.name().startsWith("http_requests") ? "http_requests_total counter" : "http_request_duration_seconds histogram";
            if (!f.equals(family)) out.append("# TYPE ").append(family = f).append('\n');
            out.append(s.name()).append('{');
            String sep = "";
            for (var l : new TreeMap<>(s.labels()).entrySet()) {
                out.append(sep).append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
                sep = ",";
            }
            out.append("} ").append(s.value()).append('\n');
        }
        return out.toString();
    }

    private static Map<String, String> labels(Revision r, String key, String value) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("namespace", r.namespace());
        l.put("rollout", r.rollout());
        l.put("revision", r.revision());
        if (key != null) l.put(key, value);
        return l;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
