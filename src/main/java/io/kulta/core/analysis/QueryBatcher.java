package io.kulta.core.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The queries of one analysis tick: per Prometheus, one query per built-in metric in use, one for the
 * request counts, and one per custom metric name (the Rollouts' rendered queries joined with {@code or},
 * each tagged with {@code kulta_target}). The number of queries never grows with the number of Rollouts.
 */
public final class QueryBatcher {
    private QueryBatcher() {
    }

    public static List<PromQuery> batch(List<AnalysisTarget> targets) {
        List<PromQuery> queries = new ArrayList<>();
        Map<String, List<AnalysisTarget>> byPrometheus = targets.stream().filter(t -> t.prometheus() != null)
                .collect(Collectors.groupingBy(AnalysisTarget::prometheus, TreeMap::new, Collectors.toList()));
        byPrometheus.forEach((prometheus, group) -> {
            String rollouts = MetricTemplates.alternation(group.stream().map(AnalysisTarget::rollout).toList());
            queries.add(new PromQuery(prometheus, PromQuery.REQUESTS, MetricTemplates.builtIn(PromQuery.REQUESTS, rollouts)));
            group.stream().flatMap(t -> t.metrics().stream()).map(m -> m.name)
                    .filter(name -> MetricTemplates.BUILT_IN.contains(name)).distinct().sorted()
                    .forEach(name -> queries.add(new PromQuery(prometheus, name, MetricTemplates.builtIn(name, rollouts))));
            customQueries(prometheus, group).forEach((name, parts) ->
                    queries.add(new PromQuery(prometheus, name, String.join(" or ", parts))));
        });
        return queries;
    }

    private static Map<String, List<String>> customQueries(String prometheus, List<AnalysisTarget> group) {
        Map<String, List<String>> parts = new TreeMap<>();
        for (AnalysisTarget t : group) {
            for (var m : t.metrics()) {
                if (MetricTemplates.BUILT_IN.contains(m.name) || m.query == null) continue;
                parts.computeIfAbsent(m.name, k -> new ArrayList<>()).add("label_replace(" + MetricTemplates.render(m.query, t)
                        + ", \"" + PromQuery.TARGET_LABEL + "\", \"" + MetricTemplates.escapeString(t.key()) + "\", \"\", \"\")");
            }
        }
        return parts;
    }

    /**
     * A batch Prometheus rejected fails for every Rollout in it, though usually only one Rollout's custom
     * query is broken: ask again, for this tick, once per Rollout that took part in it (SPEC §4 isolation).
     * Batches of a single Rollout are already its own and are not repeated.
     */
    public static List<PromQuery> retries(List<AnalysisTarget> targets, List<PromAnswer> answers) {
        List<PromQuery> retries = new ArrayList<>();
        for (PromAnswer a : answers) {
            if (a.problem() != PromAnswer.Problem.REJECTED || a.query().target() != null) continue;
            List<AnalysisTarget> in = contributors(targets, a.query());
            if (in.size() < 2) continue;
            for (AnalysisTarget t : in) {
                batch(List.of(t)).stream().filter(q -> q.metric().equals(a.query().metric())).findFirst()
                        .ifPresent(q -> retries.add(new PromQuery(q.prometheus(), q.metric(), q.promql(), t.key())));
            }
        }
        return retries;
    }

    /**
     * Splits the answers of a tick into one measurement per target. A target only ever sees the answers
     * to the queries it took part in, its own retried answer in place of a rejected batch.
     */
    public static Map<String, Measurement> split(List<AnalysisTarget> targets, List<PromAnswer> answers, java.time.Instant now) {
        Map<String, Measurement> out = new LinkedHashMap<>();
        for (AnalysisTarget t : targets) {
            if (t.prometheus() == null) {
                out.put(t.key(), Measurement.failed(t.revision(), now,
                        "Prometheus not configured: set KULTA_PROMETHEUS_ADDRESS or analysis.prometheus.address").at(t.stepIndex(), t.weight()));
                continue;
            }
            Map<String, PromAnswer> mine = answersFor(t, answers);
            String error = mine.values().stream().map(a -> errorFor(a, targets)).filter(e -> e != null).findFirst().orElse(null);
            if (error != null) {
                out.put(t.key(), Measurement.failed(t.revision(), now, error).at(t.stepIndex(), t.weight()));
                continue;
            }
            PromAnswer requestsAnswer = mine.get(PromQuery.REQUESTS);
            Double requests = requestsAnswer == null ? null : valueFor(requestsAnswer, t);
            Map<String, Sample> samples = new LinkedHashMap<>();
            for (var m : t.metrics()) {
                PromAnswer a = mine.get(m.name);
                samples.put(m.name, new Sample(a == null ? null : valueFor(a, t), requests));
            }
            out.put(t.key(), new Measurement(t.revision(), now, samples, null).at(t.stepIndex(), t.weight()));
        }
        return out;
    }

    /** By metric: the target's own (retried) answer where there is one, else the batch it took part in. */
    private static Map<String, PromAnswer> answersFor(AnalysisTarget t, List<PromAnswer> answers) {
        Map<String, PromAnswer> mine = new LinkedHashMap<>();
        for (PromAnswer a : answers) {
            PromQuery q = a.query();
            if (!q.prometheus().equals(t.prometheus()) || !uses(t, q.metric())) continue;
            if (t.key().equals(q.target())) mine.put(q.metric(), a);
            else if (q.target() == null) mine.putIfAbsent(q.metric(), a);
        }
        return mine;
    }

    /** A rejected batch of several Rollouts that was not retried says so, without the others' query text. */
    private static String errorFor(PromAnswer a, List<AnalysisTarget> targets) {
        if (a.error() == null) return null;
        if (a.problem() == PromAnswer.Problem.REJECTED && a.query().target() == null && contributors(targets, a.query()).size() > 1)
            return PrometheusAddress.host(a.query().prometheus()) + " rejected the batched " + a.query().metric() + " query";
        return a.error();
    }

    private static List<AnalysisTarget> contributors(List<AnalysisTarget> targets, PromQuery q) {
        return targets.stream().filter(t -> q.prometheus().equals(t.prometheus()) && uses(t, q.metric())).toList();
    }

    private static boolean uses(AnalysisTarget t, String metric) {
        return PromQuery.REQUESTS.equals(metric) || t.metrics().stream().anyMatch(m -> metric.equals(m.name)
                && (MetricTemplates.BUILT_IN.contains(m.name) || m.query != null));
    }

    private static Double valueFor(PromAnswer answer, AnalysisTarget t) {
        for (PromAnswer.Series s : answer.series()) {
            Map<String, String> l = s.labels();
            boolean custom = l.containsKey(PromQuery.TARGET_LABEL);
            if (custom ? t.key().equals(l.get(PromQuery.TARGET_LABEL))
                    : t.namespace().equals(l.get("namespace")) && t.rollout().equals(l.get("rollout")) && t.revision().equals(l.get("revision")))
                return s.value();
        }
        return null;
    }
}
