package io.kulta.dashboard;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.kulta.cli.RolloutTree;
import io.kulta.cli.RolloutView;
import io.kulta.core.Annotations;
import io.kulta.kube.RolloutReader;
import io.kulta.model.AbExperimentStatus;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.CanaryStep;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the dashboard's pages show, as JSON-ready records: a row per Rollout, and one Rollout in full. Plain Java. */
final class RolloutPages {
    private RolloutPages() {
    }

    /** A Rollout in the list; {@code problem} is set, and the rest mostly empty, for one the model cannot read. */
    record Row(String namespace, String name, String strategy, String phase, String step, Integer weight, String message,
               String problem) {
    }

    record Step(int number, Integer weight, String pause, boolean analysis, String state) {
    }

    /** A backend of the HTTPRoute rule the Rollout weights, with its share of the rule's traffic. */
    record Backend(String service, int weight, int percent, String role) {
    }

    record Revision(int number, String hash, String role, String images, String replicaSet, int desired, int ready, int available) {
    }

    record EventLine(String type, String reason, String message, Integer count, String time) {
    }

    record Detail(Row summary, List<Step> steps, String route, List<Backend> traffic, List<Revision> revisions,
                  AnalysisStatus analysis, List<AnalysisHistory.Point> history, AbExperimentStatus experiment,
                  List<Condition> conditions, Map<String, String> pendingActions, List<EventLine> events, String eventsProblem) {
    }

    static Row row(RolloutReader.Read read) {
        var meta = read.raw().getMetadata();
        if (!read.readable()) {
            return new Row(meta.getNamespace(), meta.getName(), "-", "Unreadable", "step -", null, null,
                    read.field() + ": " + read.problem());
        }
        Rollout r = read.rollout();
        RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        return new Row(meta.getNamespace(), meta.getName(), new RolloutView(r, List.of(), null).strategyName(),
                s.phase == null ? "Pending" : s.phase.name(), RolloutTree.step(r, s), s.currentWeight, s.message, null);
    }

    /** @param eventsProblem why the Events could not be read (e.g. no right to list them), or null */
    static Detail detail(RolloutReader.Read read, RolloutView view, List<AnalysisHistory.Point> history, List<Event> events,
                         String eventsProblem) {
        Row row = row(read);
        if (!read.readable()) {
            return new Detail(row, List.of(), null, List.of(), List.of(), null, history, null, List.of(), Map.of(), eventLines(events), eventsProblem);
        }
        Rollout r = view.rollout();
        RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        return new Detail(row, steps(r, s), RolloutView.routeName(r), traffic(view), revisions(view), s.lastAnalysis, history,
                s.abExperiment, s.conditions, pendingActions(r), eventLines(events), eventsProblem);
    }

    /** Canary steps with where the Rollout is; other strategies have no steps. */
    static List<Step> steps(Rollout r, RolloutStatus s) {
        var canary = r.getSpec() == null || r.getSpec().strategy == null ? null : r.getSpec().strategy.canary;
        if (canary == null || canary.steps == null) return List.of();
        boolean analysed = canary.analysis != null && canary.analysis.metrics != null && !canary.analysis.metrics.isEmpty();
        boolean completed = s.phase == Phase.Completed;
        List<Step> steps = new ArrayList<>();
        Integer weight = 0;
        for (int i = 0; i < canary.steps.size(); i++) {
            CanaryStep step = canary.steps.get(i);
            if (step.setWeight != null) weight = step.setWeight;
            String pause = step.pause == null ? null : step.pause.duration == null ? "until promoted" : step.pause.duration;
            int at = s.currentStepIndex == null ? -1 : s.currentStepIndex;
            String state = completed || i < at ? "done" : i == at ? "current" : "pending";
            steps.add(new Step(i + 1, weight, pause, analysed, state));
        }
        return steps;
    }

    /** The first rule of the HTTPRoute that names the Rollout's Services, as shares of that rule's traffic. */
    static List<Backend> traffic(RolloutView view) {
        if (view.route() == null || view.route().getSpec() == null || view.route().getSpec().getRules() == null) return List.of();
        List<String> services = view.services();
        for (HTTPRouteRule rule : view.route().getSpec().getRules()) {
            List<HTTPBackendRef> refs = rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs();
            if (refs.stream().noneMatch(ref -> services.contains(ref.getName()))) continue;
            int total = refs.stream().mapToInt(ref -> ref.getWeight() == null ? 1 : ref.getWeight()).sum();
            List<Backend> backends = new ArrayList<>();
            for (HTTPBackendRef ref : refs) {
                int w = ref.getWeight() == null ? 1 : ref.getWeight();
                int index = services.indexOf(ref.getName());
                String role = index == 0 ? "stable" : index == 1 ? "new" : "other";
                backends.add(new Backend(ref.getName(), w, total == 0 ? 0 : Math.round(100f * w / total), role));
            }
            return backends;
        }
        return List.of();
    }

    static List<Revision> revisions(RolloutView view) {
        List<ReplicaSet> sets = view.replicaSets();
        List<Revision> revisions = new ArrayList<>();
        for (int i = sets.size() - 1; i >= 0; i--) {
            ReplicaSet rs = sets.get(i);
            String hash = RolloutView.revisionOf(rs);
            var st = rs.getStatus();
            revisions.add(new Revision(i + 1, hash, view.role(hash), RolloutTree.images(rs), rs.getMetadata().getName(),
                    count(rs.getSpec().getReplicas()), count(st == null ? null : st.getReadyReplicas()),
                    count(st == null ? null : st.getAvailableReplicas())));
        }
        return revisions;
    }

    /** Actions asked for and not yet acted on: the controller removes each annotation once it has. */
    static Map<String, String> pendingActions(Rollout r) {
        Map<String, String> annotations = r.getMetadata().getAnnotations() == null ? Map.of() : r.getMetadata().getAnnotations();
        Map<String, String> pending = new TreeMap<>();
        for (String key : List.of(Annotations.PROMOTE, Annotations.ABORT, Annotations.RETRY)) {
            if (annotations.containsKey(key)) pending.put(key, annotations.get(key));
        }
        return pending;
    }

    static final int EVENTS_SHOWN = 20;

    /** The Rollout's Events, newest first; within one second, the one the API listed last first. */
    static List<EventLine> eventLines(List<Event> events) {
        List<EventLine> lines = new ArrayList<>(events.stream()
                .map(e -> new EventLine(e.getType(), e.getReason(), e.getMessage(), e.getCount(), time(e)))
                .toList());
        Collections.reverse(lines);
        lines.sort(Comparator.comparing(EventLine::time, Comparator.nullsLast(Comparator.<String>reverseOrder())));
        return lines.subList(0, Math.min(EVENTS_SHOWN, lines.size()));
    }

    private static String time(Event e) {
        if (e.getLastTimestamp() != null) return e.getLastTimestamp();
        if (e.getEventTime() != null) return e.getEventTime().getTime();
        return e.getMetadata().getCreationTimestamp();
    }

    private static int count(Integer n) {
        return n == null ? 0 : n;
    }
}
