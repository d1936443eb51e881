package io.kulta.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A pure-Java stand-in for the cluster, to walk a Rollout through many reconciles: {@link #reconcile()}
 * plans from what it holds and applies the plan the way apply-plan would (status replaced, consumed
 * annotations removed, ReplicaSets scaled, Service selectors and route weights set). Pods never become
 * available on their own: a test says when with {@link #podsBecomeAvailable()}.
 */
final class FakeCluster {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Rollout rollout;
    private final Map<String, ReplicaSetState> replicaSets = new LinkedHashMap<>();
    private final Map<String, String> serviceSelects = new TreeMap<>();
    private final Map<String, Instant> selectedSince = new TreeMap<>();
    private final Map<String, Integer> routeWeights = new TreeMap<>();
    private final Set<String> services;
    private final Set<String> routes;
    private Integer routeCanaryWeight;
    private io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute route;
    private Instant now = Rollouts.T0;
    private io.kulta.core.analysis.Measurement measurement;
    private Plan lastPlan;
    private List<String> lastWrites = List.of();
    private StrategyPlanner planner;

    private FakeCluster(Rollout rollout) {
        this.rollout = rollout;
        References refs = References.of(rollout);
        this.services = Set.copyOf(refs.services());
        this.routes = refs.httpRoute() == null ? Set.of() : Set.of(refs.httpRoute());
    }

    static FakeCluster of(Rollouts.Builder rollout) {
        return new FakeCluster(rollout.build());
    }

    /** First deployment done: the template's revision is stable with all its pods available. */
    static FakeCluster settled(Rollouts.Builder rollout) {
        FakeCluster cluster = of(rollout);
        cluster.reconcile();
        cluster.podsBecomeAvailable();
        cluster.reconcile();
        return cluster;
    }

    /** What a planner sees now. */
    Observation observation() {
        Map<String, ServiceSelection> selections = new TreeMap<>();
        serviceSelects.forEach((svc, rev) -> selections.put(svc, new ServiceSelection(rev, selectedSince.get(svc))));
        return new Observation(rollout, Map.copyOf(replicaSets), services, routes, now, measurement,
                new ObservedTraffic(selections, route != null ? ObservedTraffic.weightsIn(route) : Map.copyOf(routeWeights)));
    }

    /** Plans from the current state and applies the plan. */
    Plan reconcile() {
        Observation o = observation();
        Plan plan = (planner != null ? planner : new Planners(java.time.Duration.ZERO).of(o)).plan(o);
        lastWrites = writesFor(plan);
        apply(plan);
        lastPlan = plan;
        return plan;
    }

    void apply(Plan plan) {
        rollout.setStatus(JSON.convertValue(plan.status(), RolloutStatus.class));
        var annotations = rollout.getMetadata().getAnnotations();
        if (annotations != null) plan.consumed().forEach(annotations::remove);
        plan.replicas().forEach((revision, count) -> {
            ReplicaSetState old = replicaSets.get(revision);
            int available = old == null ? 0 : Math.min(old.available(), count);
            replicaSets.put(revision, new ReplicaSetState(rollout.getMetadata().getName() + "-" + revision, revision,
                    count, count, available, available));
        });
        plan.serviceRevisions().forEach((svc, rev) -> {
            if (!rev.equals(serviceSelects.put(svc, rev))) selectedSince.put(svc, now);
        });
        if (plan.traffic() != null) {
            routeCanaryWeight = plan.traffic().canaryWeight();
            routeWeights.put(plan.traffic().stableService(), plan.traffic().stableWeight());
            routeWeights.put(plan.traffic().canaryService(), plan.traffic().canaryWeight());
        }
        if (plan.abRoute() != null && route != null) AbRouteRules.edit(route, plan.abRoute()).ifPresent(this::applyRouteEdit);
    }

    /** What the JSON patch of the A/B route writer does: rules removed and prepended, annotation set or removed. */
    private void applyRouteEdit(AbRouteRules.Edit edit) {
        route.getSpec().setRules(AbRouteRules.applied(route.getSpec().getRules(), edit));
        var annotations = new LinkedHashMap<>(route.getMetadata().getAnnotations() == null ? Map.of() : route.getMetadata().getAnnotations());
        if (edit.annotation() == null) annotations.remove(AbRouteRules.MANAGED_RULES);
        else annotations.put(AbRouteRules.MANAGED_RULES, edit.annotation());
        route.getMetadata().setAnnotations(annotations);
    }

    /** Plans with this planner instead of the strategy's with no settle time. */
    FakeCluster plannedBy(StrategyPlanner planner) {
        this.planner = planner;
        return this;
    }

    /** The HTTPRoute the Rollout names, as the user created it; A/B plans edit its rules. */
    FakeCluster withRoute(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute route) {
        this.route = new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder(route).build();
        return this;
    }

    io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute route() {
        return route;
    }

    FakeCluster measured(io.kulta.core.analysis.Measurement m) {
        this.measurement = m;
        return this;
    }

    /** What apply-plan would write for this plan, compared with the current state; empty when settled. */
    List<String> writesFor(Plan plan) {
        List<String> writes = new ArrayList<>();
        JsonNode planned = JSON.valueToTree(plan.status());
        JsonNode observed = JSON.valueToTree(rollout.getStatus());
        if (!planned.equals(observed)) writes.add("status " + changedFields(observed, planned));
        plan.replicas().forEach((rev, n) -> {
            if (replicaSets.get(rev) == null || replicaSets.get(rev).desired() != n) writes.add("replicas of " + rev);
        });
        plan.serviceRevisions().forEach((svc, rev) -> {
            if (!rev.equals(serviceSelects.get(svc))) writes.add("selector of " + svc);
        });
        if (plan.traffic() != null && !Objects.equals(plan.traffic().canaryWeight(), routeCanaryWeight))
            writes.add("route weights");
        if (plan.abRoute() != null && route != null && AbRouteRules.edit(route, plan.abRoute()).isPresent()) writes.add("route rules");
        if (!plan.consumed().isEmpty()) writes.add("annotations " + plan.consumed());
        plan.transitions().forEach(t -> writes.add("event " + t.action()));
        return writes;
    }

    private static List<String> changedFields(JsonNode before, JsonNode after) {
        Set<String> names = new java.util.TreeSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        return names.stream().filter(n -> !Objects.equals(before.get(n), after.get(n))).toList();
    }

    // --- what the user does --------------------------------------------------------------------

    FakeCluster imageChangesTo(String image) {
        rollout.getSpec().template.getSpec().getContainers().get(0).setImage(image);
        rollout.getMetadata().setGeneration(rollout.getMetadata().getGeneration() + 1);
        return this;
    }

    FakeCluster scaleTo(int replicas) {
        rollout.getSpec().replicas = replicas;
        rollout.getMetadata().setGeneration(rollout.getMetadata().getGeneration() + 1);
        return this;
    }

    FakeCluster annotate(String key, String value) {
        if (rollout.getMetadata().getAnnotations() == null) rollout.getMetadata().setAnnotations(new LinkedHashMap<>());
        rollout.getMetadata().getAnnotations().put(key, value);
        return this;
    }

    FakeCluster clockAdvances(Duration d) {
        now = now.plus(d);
        return this;
    }

    /** Every ReplicaSet's desired pods become available. */
    FakeCluster podsBecomeAvailable() {
        replicaSets.replaceAll((rev, rs) -> withAvailable(rs, rs.desired()));
        return this;
    }

    FakeCluster podsBecomeAvailable(String revision, int available) {
        replicaSets.computeIfPresent(revision, (rev, rs) -> withAvailable(rs, Math.min(available, rs.desired())));
        return this;
    }

    private static ReplicaSetState withAvailable(ReplicaSetState rs, int available) {
        return new ReplicaSetState(rs.name(), rs.revision(), rs.desired(), rs.current(), available, available);
    }

    // --- what the user sees --------------------------------------------------------------------

    Rollout rollout() {
        return rollout;
    }

    RolloutStatus status() {
        return rollout.getStatus();
    }

    Phase phase() {
        return status().phase;
    }

    String revision() {
        return Rollouts.revisionOf(rollout);
    }

    Instant now() {
        return now;
    }

    /** Desired replicas by revision, ReplicaSets scaled to 0 included. */
    Map<String, Integer> replicas() {
        Map<String, Integer> out = new LinkedHashMap<>();
        replicaSets.forEach((rev, rs) -> out.put(rev, rs.desired()));
        return out;
    }

    int replicasOf(String revision) {
        return replicaSets.containsKey(revision) ? replicaSets.get(revision).desired() : 0;
    }

    int availableOf(String revision) {
        return replicaSets.containsKey(revision) ? replicaSets.get(revision).available() : 0;
    }

    /** Available pods of every ReplicaSet together. */
    int totalAvailable() {
        return replicaSets.values().stream().mapToInt(ReplicaSetState::available).sum();
    }

    /** The revision a Service's selector points at (null: never pointed). */
    String selectorOf(String service) {
        return serviceSelects.get(service);
    }

    /** The canary weight last written to the HTTPRoute (null: never written). */
    Integer routeCanaryWeight() {
        return routeCanaryWeight;
    }

    Plan lastPlan() {
        return lastPlan;
    }

    /** What the last reconcile wrote (see {@link #writesFor}). */
    List<String> lastWrites() {
        return lastWrites;
    }

    List<Transition.Action> lastTransitions() {
        return lastPlan.transitions().stream().map(Transition::action).toList();
    }
}
