package io.kulta.core.analysis;

import io.kulta.model.AbTestingStrategy.AbMetric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The queries of one A/B analysis tick. The built-in error-rate counts requests over the window since
 * each experiment started, rounded down to whole minutes: per Prometheus and distinct window, one query
 * for the 5xx and one for all requests, aggregated {@code by (namespace, rollout, revision)} — Rollouts
 * whose experiments started in the same minute share them, so the count follows the distinct windows
 * (at most one per minute of maxDuration), not the Rollouts. Custom metrics: per Prometheus and metric
 * name, one query for the successes and one for the totals, the Rollouts' rendered templates joined with
 * {@code or}, each tagged {@code kulta_target="<ns>/<name>|A"} or {@code |B}.
 */
public final class AbQueryBatcher {
    private static final String BY = MetricTemplates.BY;

    private AbQueryBatcher() {
    }

    public static List<PromQuery> batch(List<AbTarget> targets) {
        List<PromQuery> queries = new ArrayList<>();
        Map<String, List<AbTarget>> byPrometheus = targets.stream().filter(t -> t.prometheus() != null)
                .collect(Collectors.groupingBy(AbTarget::prometheus, TreeMap::new, Collectors.toList()));
        byPrometheus.forEach((prometheus, group) -> {
            Map<String, List<AbTarget>> byWindow = group.stream().filter(t -> usesErrorRate(t))
                    .collect(Collectors.groupingBy(AbTarget::window, TreeMap::new, Collectors.toList()));
            byWindow.forEach((window, sameWindow) -> {
                String sel = "rollout=~\"" + MetricTemplates.alternation(sameWindow.stream().map(AbTarget::rollout).toList()) + "\"";
                String all = "sum " + BY + " (increase(http_requests_total{" + sel + "}[" + window + "]))";
                // "or ... * 0": a variant without any 5xx series has 0 errors, not no data
                String errors = "sum " + BY + " (increase(http_requests_total{status=~\"5..\"," + sel + "}[" + window + "])) or " + all + " * 0";
                queries.add(new PromQuery(prometheus, name(AbEvaluator.ERROR_RATE, "success", window), errors));
                queries.add(new PromQuery(prometheus, name(AbEvaluator.ERROR_RATE, "total", window), all));
            });
            Map<String, List<String>> custom = new TreeMap<>();
            for (AbTarget t : group) {
                for (AbMetric m : t.metrics()) {
                    if (AbEvaluator.ERROR_RATE.equals(m.name) || m.successQuery == null || m.totalQuery == null) continue;
                    for (String variant : List.of("A", "B")) {
                        custom.computeIfAbsent(name(m.name, "success", null), k -> new ArrayList<>()).add(tagged(m.successQuery, t, variant));
                        custom.computeIfAbsent(name(m.name, "total", null), k -> new ArrayList<>()).add(tagged(m.totalQuery, t, variant));
                    }
                }
            }
            custom.forEach((name, parts) -> queries.add(new PromQuery(prometheus, name, String.join(" or ", parts))));
        });
        return queries;
    }

    /**
     * A batch Prometheus rejected (one experiment's custom query does not parse, say) is asked again per experiment
     * that took part, so only the experiment whose query is broken sees the error. Batches of one are not repeated.
     */
    public static List<PromQuery> retries(List<AbTarget> targets, List<PromAnswer> answers) {
        List<PromQuery> retries = new ArrayList<>();
        for (PromAnswer a : answers) {
            if (a.problem() != PromAnswer.Problem.REJECTED || a.query().target() != null) continue;
            List<AbTarget> in = targets.stream().filter(t -> tookPart(t, a.query())).toList();
            if (in.size() < 2) continue;
            for (AbTarget t : in)
                batch(List.of(t)).stream().filter(q -> q.metric().equals(a.query().metric())).findFirst()
                        .ifPresent(q -> retries.add(new PromQuery(q.prometheus(), q.metric(), q.promql(), t.key())));
        }
        return retries;
    }

    /**
     * Splits a tick's answers into one measurement per target: successes and totals of both variants per metric. A
     * target only sees the answers to the queries it took part in, its own retried answer in place of a rejected batch.
     */
    public static Map<String, Measurement> split(List<AbTarget> targets, List<PromAnswer> answers, Instant now) {
        Map<String, Measurement> out = new LinkedHashMap<>();
        for (AbTarget t : targets) {
            if (t.prometheus() == null) {
                out.put(t.key(), Measurement.failed(t.revisionB(), now,
                        "Prometheus not configured: set KULTA_PROMETHEUS_ADDRESS or analysis.prometheus.address"));
                continue;
            }
            List<PromAnswer> mine = answersFor(t, answers);
            String error = mine.stream().map(PromAnswer::error).filter(e -> e != null).findFirst().orElse(null);
            if (error != null) {
                out.put(t.key(), Measurement.failed(t.revisionB(), now, error));
                continue;
            }
            Map<String, VariantCounts> variants = new LinkedHashMap<>();
            for (AbMetric m : t.metrics()) {
                String window = AbEvaluator.ERROR_RATE.equals(m.name) ? t.window() : null;
                PromAnswer success = find(mine, name(m.name, "success", window));
                PromAnswer total = find(mine, name(m.name, "total", window));
                variants.put(m.name, new VariantCounts(value(success, t, "A"), value(total, t, "A"), value(success, t, "B"), value(total, t, "B")));
            }
            out.put(t.key(), Measurement.ofVariants(t.revisionB(), now, variants));
        }
        return out;
    }

    /** The answers of the queries the target took part in; its own retried answer replaces the batch's. */
    private static List<PromAnswer> answersFor(AbTarget t, List<PromAnswer> answers) {
        Map<String, PromAnswer> byMetric = new LinkedHashMap<>();
        for (PromAnswer a : answers) {
            if (!tookPart(t, a.query())) continue;
            if (a.query().target() != null || !byMetric.containsKey(a.query().metric())) byMetric.put(a.query().metric(), a);
        }
        return List.copyOf(byMetric.values());
    }

    /** The target is in the query: its own retry, or a batch at its address of one of its metrics (and window). */
    private static boolean tookPart(AbTarget t, PromQuery q) {
        if (!q.prometheus().equals(t.prometheus())) return false;
        if (q.target() != null) return q.target().equals(t.key());
        return batch(List.of(t)).stream().anyMatch(mine -> mine.metric().equals(q.metric()));
    }

    private static boolean usesErrorRate(AbTarget t) {
        return t.metrics().stream().anyMatch(m -> AbEvaluator.ERROR_RATE.equals(m.name));
    }

    private static String name(String metric, String part, String window) {
        return "ab/" + metric + "/" + part + (window == null ? "" : "/" + window);
    }

    /** A custom template for one variant: {{service}} and {{revision}} are the variant's, {{window}} the experiment's. */
    private static String tagged(String template, AbTarget t, String variant) {
        boolean a = variant.equals("A");
        AnalysisTarget as = new AnalysisTarget(t.key(), t.namespace(), t.rollout(), a ? t.revisionA() : t.revisionB(), t.revisionA(),
                a ? t.serviceA() : t.serviceB(), t.prometheus(), List.of());
        String rendered = MetricTemplates.render(template.replace("{{window}}", t.window()), as);
        return "label_replace(" + rendered + ", \"" + PromQuery.TARGET_LABEL + "\", \""
                + MetricTemplates.escapeString(t.key() + "|" + variant) + "\", \"\", \"\")";
    }

    private static PromAnswer find(List<PromAnswer> answers, String metric) {
        return answers.stream().filter(a -> a.query().metric().equals(metric)).findFirst().orElse(null);
    }

    private static Double value(PromAnswer answer, AbTarget t, String variant) {
        if (answer == null) return null;
        String revision = variant.equals("A") ? t.revisionA() : t.revisionB();
        for (PromAnswer.Series s : answer.series()) {
            Map<String, String> l = new HashMap<>(s.labels());
            boolean custom = l.containsKey(PromQuery.TARGET_LABEL);
            if (custom ? (t.key() + "|" + variant).equals(l.get(PromQuery.TARGET_LABEL))
                    : t.namespace().equals(l.get("namespace")) && t.rollout().equals(l.get("rollout")) && revision.equals(l.get("revision")))
                return s.value();
        }
        return null;
    }
}
