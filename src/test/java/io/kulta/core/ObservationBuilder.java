package io.kulta.core;

import io.kulta.model.Rollout;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the planner sees of the cluster. By default every Service and the HTTPRoute the Rollout names
 * exist, there are no ReplicaSets, and it is {@link Rollouts#T0}.
 */
final class ObservationBuilder {
    private final Rollout rollout;
    private final Map<String, ReplicaSetState> replicaSets = new LinkedHashMap<>();
    private Set<String> services;
    private Set<String> routes;
    private Instant now = Rollouts.T0;
    private io.kulta.core.analysis.Measurement measurement;
    private ObservedTraffic traffic;

    private ObservationBuilder(Rollout rollout) {
        this.rollout = rollout;
        References refs = References.of(rollout);
        this.services = new LinkedHashSet<>(refs.services());
        this.routes = refs.httpRoute() == null ? new LinkedHashSet<>() : new LinkedHashSet<>(List.of(refs.httpRoute()));
    }

    static ObservationBuilder observe(Rollout rollout) {
        return new ObservationBuilder(rollout);
    }

    static ObservationBuilder observe(Rollouts.Builder rollout) {
        return new ObservationBuilder(rollout.build());
    }

    /** A ReplicaSet of the revision with all its desired pods created, of which {@code available} are available. */
    ObservationBuilder replicaSet(String revision, int desired, int available) {
        String name = rollout.getMetadata().getName() + "-" + revision;
        replicaSets.put(revision, new ReplicaSetState(name, revision, desired, desired, available, available));
        return this;
    }

    /** A ReplicaSet of an old revision at zero replicas, created at the given time. */
    ObservationBuilder oldReplicaSet(String revision, Instant created) {
        String name = rollout.getMetadata().getName() + "-" + revision;
        replicaSets.put(revision, new ReplicaSetState(name, revision, 0, 0, 0, 0, revision, created));
        return this;
    }

    /** The Services that exist (replaces the default: all named ones). */
    ObservationBuilder services(String... names) {
        this.services = new LinkedHashSet<>(List.of(names));
        return this;
    }

    /** The HTTPRoutes that exist (replaces the default: the named one). */
    ObservationBuilder routes(String... names) {
        this.routes = new LinkedHashSet<>(List.of(names));
        return this;
    }

    ObservationBuilder at(Instant now) {
        this.now = now;
        return this;
    }

    /** What the Services select and their route weights (default: not observed, planners assume their last status). */
    ObservationBuilder traffic(ObservedTraffic traffic) {
        this.traffic = traffic;
        return this;
    }

    /** The latest analysis measurement the analysis route took. */
    ObservationBuilder measured(io.kulta.core.analysis.Measurement m) {
        this.measurement = m;
        return this;
    }

    Observation build() {
        return new Observation(rollout, Map.copyOf(replicaSets), Set.copyOf(services), Set.copyOf(routes), now, measurement, traffic);
    }

    Plan plan() {
        Observation o = build();
        return new Planners(java.time.Duration.ZERO).plan(o);   // no settle time between a selector change and weight (see SafeTrafficTest)
    }
}
