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

    /** Splits the answers of a tick into one measurement per target. */
    public static Map<String, Measurement> split(List<AnalysisTarget> targets, List<PromAnswer> answers, java.time.Instant now) {
        Map<String, Measurement> out = new LinkedHashMap<>();
        for (AnalysisTarget t : targets) {
            if (t.prometheus() == null) {
                out.put(t.key(), Measurement.failed(t.revision(), now,
                        "Prometheus not configured: set KULTA_PROMETHEUS_ADDRESS or analysis.prometheus.address"));
                continue;
            }
            List<PromAnswer> mine = answers.stream().filter(a -> a.query().prometheus().equals(t.prometheus())).toList();
            String error = mine.stream().map(PromAnswer::error).filter(e -> e != null).findFirst().orElse(null);
            if (error != null) {
                out.put(t.key(), Measurement.failed(t.revision(), now, error));
                continue;
            }
            Double requests = mine.stream().filter(a -> a.query().metric().equals(PromQuery.REQUESTS))
                    .findFirst().map(a -> valueFor(a, t)).orElse(null);
            Map<String, Sample> samples = new LinkedHashMap<>();
            for (var m : t.metrics()) {
                Double value = mine.stream().filter(a -> a.query().metric().equals(m.name)).findFirst()
                        .map(a -> valueFor(a, t)).orElse(null);
                samples.put(m.name, new Sample(value, requests));
            }
            out.put(t.key(), new Measurement(t.revision(), now, samples, null));
        }
        return out;
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
