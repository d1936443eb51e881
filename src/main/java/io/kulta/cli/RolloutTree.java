package io.kulta.cli;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.kulta.model.AbExperimentStatus;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code get rollout NAME}: the Rollout (strategy, phase, step, weights, message), then its revisions with their
 * images and ReplicaSets, the HTTPRoute rules it weights, the last analysis and the A/B experiment.
 */
public final class RolloutTree {
    private RolloutTree() {
    }

    static String render(RolloutView view, Style style) {
        Rollout r = view.rollout();
        RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        TextTree root = new TextTree(style.bold("Rollout " + r.getMetadata().getName()) + "  " + view.strategyName() + "  "
                + style.phase(s.phase) + "  " + step(r, s) + "  weight " + (s.currentWeight == null ? "-" : s.currentWeight + "%")
                + " on the new revision");
        if (s.message != null) root.add("message: " + s.message);
        revisions(view, s, style, root);
        route(view, root);
        analysis(s.lastAnalysis, style, root);
        experiment(s.abExperiment, root);
        return root.render(style);
    }

    public static String step(Rollout r, RolloutStatus s) {
        var canary = r.getSpec() == null || r.getSpec().strategy == null ? null : r.getSpec().strategy.canary;
        if (canary == null || canary.steps == null || s.currentStepIndex == null) return "step -";
        return "step " + Math.min(s.currentStepIndex + 1, canary.steps.size()) + "/" + canary.steps.size();
    }

    private static void revisions(RolloutView view, RolloutStatus s, Style style, TextTree root) {
        List<ReplicaSet> sets = view.replicaSets();
        if (sets.isEmpty()) {
            root.add(style.dim("no ReplicaSets yet"));
            return;
        }
        for (int i = sets.size() - 1; i >= 0; i--) {
            ReplicaSet rs = sets.get(i);
            String revision = RolloutView.revisionOf(rs);
            TextTree node = root.add("revision " + (i + 1) + "  " + revision + "  " + view.role(revision) + "  " + images(rs));
            var st = rs.getStatus();
            node.add("ReplicaSet " + rs.getMetadata().getName() + "  desired " + rs.getSpec().getReplicas()
                    + "  ready " + count(st == null ? null : st.getReadyReplicas())
                    + "  available " + count(st == null ? null : st.getAvailableReplicas()));
        }
    }

    public static String images(ReplicaSet rs) {
        var spec = rs.getSpec().getTemplate() == null ? null : rs.getSpec().getTemplate().getSpec();
        if (spec == null || spec.getContainers() == null) return "";
        return spec.getContainers().stream().map(Container::getImage).collect(Collectors.joining(", "));
    }

    private static String count(Integer n) {
        return String.valueOf(n == null ? 0 : n);
    }

    private static void route(RolloutView view, TextTree root) {
        String name = RolloutView.routeName(view.rollout());
        if (name == null) return;
        if (view.route() == null) {
            root.add("HTTPRoute " + name + "  (not found)");
            return;
        }
        TextTree node = root.add("HTTPRoute " + name);
        List<String> services = view.services();
        List<HTTPRouteRule> rules = view.route().getSpec() == null || view.route().getSpec().getRules() == null
                ? List.of() : view.route().getSpec().getRules();
        for (int i = 0; i < rules.size(); i++) {
            List<HTTPBackendRef> refs = rules.get(i).getBackendRefs() == null ? List.of() : rules.get(i).getBackendRefs();
            if (refs.stream().noneMatch(ref -> services.contains(ref.getName()))) continue;
            String ruleName = rules.get(i).getName() == null ? "" : " " + rules.get(i).getName();
            node.add("rule " + i + ruleName + ": " + refs.stream()
                    .map(ref -> ref.getName() + " " + (ref.getWeight() == null ? 1 : ref.getWeight()))
                    .collect(Collectors.joining(", ")));
        }
    }

    private static void analysis(AnalysisStatus a, Style style, TextTree root) {
        if (a == null) return;
        String at = a.stepIndex == null ? "" : " at step " + (a.stepIndex + 1) + (a.weight == null ? "" : " (" + a.weight + "%)");
        TextTree node = root.add("analysis " + String.valueOf(a.time) + at + "  " + style.verdict(a.verdict));
        for (AnalysisStatus.MetricResult m : a.metrics) {
            node.add(m.name + "  " + number(m.value) + " " + bound(m) + "  " + style.verdict(m.verdict)
                    + (m.message == null ? "" : "  " + m.message));
        }
    }

    private static String bound(AnalysisStatus.MetricResult m) {
        if (m.threshold != null) return "<= " + number(m.threshold);
        if (m.min != null && m.max != null) return "in [" + number(m.min) + ", " + number(m.max) + "]";
        if (m.min != null) return ">= " + number(m.min);
        if (m.max != null) return "<= " + number(m.max);
        return "";
    }

    private static void experiment(AbExperimentStatus e, TextTree root) {
        if (e == null) return;
        String verdict = e.concludedAt == null ? "running" : "concluded " + e.concludedAt + ": "
                + (e.winner == null ? "no winner" : "winner " + e.winner) + (e.conclusionReason == null ? "" : " (" + e.conclusionReason + ")");
        TextTree node = root.add("experiment since " + e.startedAt + "  samples A " + count(e.sampleSizeA) + ", B " + count(e.sampleSizeB)
                + "  " + verdict);
        if (e.consecutiveErrors != null && e.consecutiveErrors > 0)
            node.add("Prometheus errors in a row: " + e.consecutiveErrors + ", last at " + e.lastErrorTime + ": " + e.lastError);
        for (AbExperimentStatus.MetricResult m : e.results) {
            node.add(m.name + "  A " + number(m.valueA) + "  B " + number(m.valueB) + "  confidence " + number(m.confidence)
                    + (Boolean.TRUE.equals(m.isSignificant) ? "  significant, winner " + m.winner : "  not significant"));
        }
    }

    private static String count(Long n) {
        return String.valueOf(n == null ? 0 : n);
    }

    public static String number(Double d) {
        if (d == null) return "-";
        if (d.isNaN()) return "NaN";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.valueOf(d.longValue());
        return String.format(Locale.ROOT, "%.4g", d).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
