package io.kulta.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Collects a Plan; starts from a copy of the observed status with the counters every plan reports. */
final class PlanBuilder {
    private static final ObjectMapper COPIER = new ObjectMapper();

    final Observation o;
    final RolloutStatus status;
    private final Map<String, Integer> replicas = new LinkedHashMap<>();
    private final Map<String, String> services = new LinkedHashMap<>();
    private final List<Transition> transitions = new ArrayList<>();
    private final Set<String> consumed = new LinkedHashSet<>();
    private TrafficSplit traffic;
    private AbRoute abRoute;
    private Duration requeueAfter;

    PlanBuilder(Observation o) {
        this.o = o;
        this.status = COPIER.convertValue(o.status(), RolloutStatus.class);
        if (status.conditions == null) status.conditions = new ArrayList<>();
        status.queuedAt = null;   // only a plan that keeps the Rollout waiting for a slot sets it again
        Rollout r = o.rollout();
        status.observedGeneration = r.getMetadata().getGeneration();
        status.selector = selectorString(r);
        status.replicas = o.replicaSets().values().stream().mapToInt(ReplicaSetState::current).sum();
        status.readyReplicas = o.replicaSets().values().stream().mapToInt(ReplicaSetState::ready).sum();
    }

    PlanBuilder replicas(String revision, int count) {
        replicas.put(revision, count);
        return this;
    }

    boolean placed(String revision) {
        return replicas.containsKey(revision);
    }

    /** Every observed ReplicaSet not given a count yet is scaled to zero. */
    PlanBuilder othersToZero() {
        o.replicaSets().keySet().forEach(rev -> replicas.putIfAbsent(rev, 0));
        return this;
    }

    /** Points the Service at the revision once that revision has an available pod. */
    PlanBuilder service(String name, String revision) {
        if (o.available(revision) > 0) services.put(name, revision);
        return this;
    }

    /**
     * Writes a traffic move: its selectors, and its canary weight into the route (if any). The moment a weight differs
     * from the one observed is recorded as {@code weightAppliedAt}.
     */
    PlanBuilder move(SafeTraffic.Move move, TrafficSplit split, int observedWeight) {
        move.selectors().forEach((service, revision) -> {   // a re-point wins over another move's "stay where you are"
            if (move.repointed().contains(service)) services.put(service, revision);
            else services.putIfAbsent(service, revision);
        });
        if (split != null) {
            traffic(split);
            if (move.canaryWeight() != observedWeight) status.weightAppliedAt = Timestamps.format(o.now());
        }
        return this;
    }

    /** Looks again when the first of these Services settles on the revision it selects, if any is still settling. */
    PlanBuilder requeueWhileSettling(SafeTraffic safe, String... services) {
        safe.settlesAt(services).ifPresent(at -> requeueAfter(Duration.between(o.now(), at)));
        return this;
    }

    /**
     * Keeps the pods of every revision not placed yet until {@code due} (a scale-down delay after a cutover or an
     * abort), looking again then; after it they go to 0. Returns the revisions kept.
     */
    List<String> othersKeptUntil(java.time.Instant due) {
        List<String> kept = new ArrayList<>();
        if (due != null && o.now().isBefore(due)) {
            o.replicaSets().values().stream().filter(rs -> rs.desired() > 0 && !placed(rs.revision()))
                    .map(ReplicaSetState::revision).sorted().forEach(kept::add);
            kept.forEach(rev -> replicas(rev, o.replicaSets().get(rev).desired()));
            if (!kept.isEmpty()) requeueAfter(Duration.between(o.now(), due));
        }
        othersToZero();
        return kept;
    }

    PlanBuilder traffic(TrafficSplit split) {
        this.traffic = split;
        return this;
    }

    PlanBuilder abRoute(AbRoute route) {
        this.abRoute = route;
        return this;
    }

    PlanBuilder transition(Transition.Action action, String message) {
        transitions.add(new Transition(action, message));
        return this;
    }

    PlanBuilder consume(String... annotations) {
        var present = o.rollout().getMetadata().getAnnotations();
        for (String a : annotations) if (present != null && present.containsKey(a)) consumed.add(a);
        return this;
    }

    /** Look again after d at the latest; of several due times the earliest wins. */
    PlanBuilder requeueAfter(Duration d) {
        if (requeueAfter == null || d.compareTo(requeueAfter) < 0) this.requeueAfter = d;
        return this;
    }

    PlanBuilder phase(Phase phase, String message) {
        status.phase = phase;
        status.message = message;
        return this;
    }

    PlanBuilder condition(String type, boolean value, String reason, String message) {
        Conditions.set(status.conditions, type, value, reason, message, generation(), o.now());
        return this;
    }

    long generation() {
        Long g = o.rollout().getMetadata().getGeneration();
        return g == null ? 0 : g;
    }

    Plan build() {
        return new Plan(o, Map.copyOf(replicas), Map.copyOf(services), traffic, abRoute, status, List.copyOf(transitions),
                Set.copyOf(consumed), requeueAfter, deletions());
    }

    /** Old revisions beyond spec.revisionHistoryLimit; never the stable, canary or template revision. */
    private List<String> deletions() {
        if (o.rollout().getSpec() == null || o.rollout().getSpec().template == null) return List.of();
        Set<String> keep = new java.util.HashSet<>();
        keep.add(o.revisionOfTemplate());
        for (String r : new String[] {status.stableRevision, status.canaryRevision, o.status().stableRevision, o.status().canaryRevision})
            if (r != null) keep.add(r);
        Integer limit = o.rollout().getSpec().revisionHistoryLimit;
        return RevisionHistory.toDelete(o.replicaSets().values(), keep, replicas,
                limit == null ? RevisionHistory.DEFAULT_LIMIT : limit);
    }

    /** {@code app=shop,...}, or null when there is none or it is no label selector (a value over 63 characters, see SpecValidator). */
    private static String selectorString(Rollout r) {
        if (r.getSpec() == null || r.getSpec().selector == null || r.getSpec().selector.getMatchLabels() == null) return null;
        if (r.getSpec().selector.getMatchLabels().entrySet().stream()
                .anyMatch(e -> e.getKey() == null || e.getValue() == null || e.getKey().length() > 317 || e.getValue().length() > 63)) return null;
        return new TreeMap<>(r.getSpec().selector.getMatchLabels()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
