package io.kulta.core.analysis;

import java.util.Map;
import java.util.Set;

/**
 * The PromQL of the built-in metrics (SPEC §4), written for many Rollouts at once: aggregated
 * {@code by (namespace, rollout, revision)} so one query per tick answers for all of them. For one
 * element the meaning is exactly the per-Rollout form of the spec. Custom query templates are
 * rendered per Rollout with their placeholders escaped as PromQL string literals.
 */
public final class MetricTemplates {
    public static final Set<String> BUILT_IN = Set.of("error-rate", "latency-p95", "latency-p99");
    static final String BY = "by (namespace, rollout, revision)";

    private MetricTemplates() {
    }

    /** @param rolloutRegex a PromQL regex matching the Rollouts under analysis */
    static String builtIn(String metric, String rolloutRegex) {
        String sel = "rollout=~\"" + rolloutRegex + "\"";
        return switch (metric) {
            // "or ... * 0": a revision without any 5xx series has an error rate of 0, not no data
            case "error-rate" -> "(sum " + BY + " (rate(http_requests_total{status=~\"5..\"," + sel + "}[2m]))"
                    + " or sum " + BY + " (rate(http_requests_total{" + sel + "}[2m])) * 0)"
                    + " / sum " + BY + " (rate(http_requests_total{" + sel + "}[2m])) * 100";
            case "latency-p95" -> latency("0.95", sel);
            case "latency-p99" -> latency("0.99", sel);
            case PromQuery.REQUESTS -> "sum " + BY + " (increase(http_requests_total{" + sel + "}[2m]))";
            default -> throw new IllegalArgumentException("not a built-in metric: " + metric);
        };
    }

    /** Milliseconds (Prometheus has seconds; thresholds are in ms). */
    private static String latency(String quantile, String sel) {
        return "histogram_quantile(" + quantile + ", sum by (namespace, rollout, revision, le) "
                + "(rate(http_request_duration_seconds_bucket{" + sel + "}[2m]))) * 1000";
    }

    /** A custom template with {{rollout}}, {{namespace}}, {{revision}}, {{stableRevision}}, {{service}} filled in. */
    static String render(String template, AnalysisTarget t) {
        Map<String, String> values = new java.util.HashMap<>();
        values.put("rollout", t.rollout());
        values.put("namespace", t.namespace());
        values.put("revision", t.revision());
        values.put("stableRevision", t.stableRevision() == null ? "" : t.stableRevision());
        values.put("service", t.service() == null ? "" : t.service());
        String out = template;
        for (var e : values.entrySet()) out = out.replace("{{" + e.getKey() + "}}", escapeString(e.getValue()));
        return out;
    }

    /** Escapes a value for a double-quoted PromQL string literal. */
    static String escapeString(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A regex (inside a PromQL string) matching exactly these names. */
    static String alternation(java.util.Collection<String> names) {
        return String.join("|", names.stream().sorted().distinct()
                .map(n -> escapeString(n.replaceAll("[.+*?^$()\\[\\]{}|\\\\]", "\\\\$0"))).toList());
    }
}
