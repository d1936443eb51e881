package io.kulta.core;

import io.kulta.model.Rollout;
import io.kulta.model.RolloutStrategy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SPEC §3 "Deleting a Rollout". The finalizer {@value #FINALIZER} holds a deleted Rollout until the traffic it
 * steered is back on its stable revision: every Service it names selects stable, every route rule it weighted
 * sends 100% to stable, its A/B rules are gone. Then — or once {@code timeout} has passed since the deletion, so
 * that no Rollout is stuck — the finalizer is released and the ReplicaSets go with their owner.
 */
public final class Cleanup {
    public static final String FINALIZER = "kulta.io/cleanup";
    /** How soon a cleanup that could not finish is tried again (never later than its timeout). */
    static final Duration RETRY = Duration.ofSeconds(5);

    private final Duration timeout;

    public Cleanup(Duration timeout) {
        this.timeout = timeout;
    }

    /** Marked for deletion: never planned again, whoever's finalizer holds it. */
    public boolean deleting(Observation o) {
        return o != null && o.rollout().getMetadata().getDeletionTimestamp() != null;
    }

    /** Marked for deletion and still held by our finalizer: the cleanup runs instead of the strategy. */
    public boolean pending(Observation o) {
        return o != null && o.rollout().getMetadata().getDeletionTimestamp() != null && held(o.rollout());
    }

    /**
     * A valid Rollout not held by our finalizer yet. It gets the finalizer before anything is written for it; an
     * invalid one gets no write at all (SPEC §3 "Validation"), and has nothing to clean up either.
     */
    public boolean needsFinalizer(Observation o) {
        return o != null && o.rollout().getMetadata().getDeletionTimestamp() == null && !held(o.rollout())
                && SpecValidator.validate(o.rollout()).isEmpty();
    }

    /**
     * The writes that put the traffic back on the stable revision, make-before-break as every backward move (SPEC §3
     * "Traffic safety"): stable back to N replicas, weight back as fast as its available pods carry it, a Service
     * re-pointed only once it has no weight. requeueAfter: when to try again if they fail or the pods are not there yet.
     */
    public Plan plan(Observation o) {
        String stable = o.status().stableRevision;
        References refs = References.of(o.rollout());
        Map<String, String> services = new LinkedHashMap<>();
        Map<String, Integer> replicas = new LinkedHashMap<>();
        TrafficSplit traffic = null;
        AbRoute abRoute = null;
        RolloutStrategy s = o.rollout().getSpec() == null ? null : o.rollout().getSpec().strategy;
        if (stable != null && s != null) {
            refs.services().forEach(name -> services.put(name, stable));
            Optional<SafeTraffic.Move> move = weightsBack(o);
            if (move.isPresent()) {
                String[] pair = weighted(s);
                services.keySet().removeAll(List.of(pair[0], pair[1]));
                services.putAll(move.get().selectors());
                traffic = new TrafficSplit(refs.httpRoute(), pair[0], pair[1], move.get().canaryWeight(), port(s.canary != null ? s.canary.port : s.blueGreen.port));
                int n = o.rollout().getSpec().replicasOrDefault();
                if (o.desired(stable) < n) replicas.put(stable, n);
            }
        }
        if (refs.httpRoute() != null && s != null && s.canary == null && s.blueGreen == null && s.abTesting != null)
            abRoute = abRulesAway(o, s.abTesting, services);
        Duration left = Duration.between(o.now(), giveUpAt(o));
        Duration retry = left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left.compareTo(RETRY) < 0 ? left : RETRY;
        return new Plan(o, Map.copyOf(replicas), Map.copyOf(services), traffic, abRoute, o.status(), List.of(), Set.of(), retry);
    }

    /**
     * The A/B rules go, make-before-break: a variant Service the route still sends to off stable keeps its selector
     * until the rules that send to it are gone; variantAService, weighted by the user's own rules, is first relieved by
     * takeover rules to variantBService once that is back on stable.
     */
    private static AbRoute abRulesAway(Observation o, io.kulta.model.AbTestingStrategy a, Map<String, String> services) {
        String stable = o.status().stableRevision;
        if (stable == null || o.traffic() == null) return AbRoute.of(a, false);
        boolean bOff = carriesOffStable(o, a.variantBService, stable);
        boolean aOff = carriesOffStable(o, a.variantAService, stable);
        if (bOff) services.remove(a.variantBService);
        if (aOff) services.remove(a.variantAService);
        boolean takeover = aOff && stable.equals(o.traffic().selection(a.variantBService).revision()) && o.available(stable) > 0;
        return AbRoute.of(a, false, takeover);
    }

    private static boolean carriesOffStable(Observation o, String service, String stable) {
        String selects = o.traffic().selection(service).revision();
        return selects != null && !selects.equals(stable) && o.traffic().weight(service) > 0;
    }

    /** The move of a weighted canary or blue-green route back to stable; empty when there is no such route. */
    private static Optional<SafeTraffic.Move> weightsBack(Observation o) {
        return weightsBack(o, false);
    }

    /**
     * @param allOnStable the move towards the end state (both Services on stable, no weight on the canary side), which
     *                    the cleanup has reached only once the canary Service, without weight, selects stable too
     */
    private static Optional<SafeTraffic.Move> weightsBack(Observation o, boolean allOnStable) {
        String stable = o.status().stableRevision;
        RolloutStrategy s = o.rollout().getSpec().strategy;
        String[] pair = weighted(s);
        if (pair == null || References.of(o.rollout()).httpRoute() == null) return Optional.empty();
        int n = o.rollout().getSpec().replicasOrDefault();
        ObservedTraffic traffic = o.traffic() != null ? o.traffic() : assumedTraffic(o, pair);
        SafeTraffic safe = new SafeTraffic(o, traffic, n, Duration.ZERO, true);
        boolean canaryWeighted = !allOnStable && traffic.weight(pair[1]) > 0;
        String canary = canaryWeighted ? safe.selectionOr(pair[1], stable) : stable;
        return Optional.of(safe.toward(new SafeTraffic.Goal(pair[0], stable, pair[1], canary, 0)));
    }

    /** Without an observation of Services and route: what the last status says, settled long ago. */
    private static ObservedTraffic assumedTraffic(Observation o, String[] pair) {
        var status = o.status();
        boolean canaryWeighted = status.canaryRevision != null && status.currentWeight != null && status.currentWeight > 0
                && o.rollout().getSpec().strategy.canary != null;
        return ObservedTraffic.assumed(pair[0], status.stableRevision, pair[1],
                canaryWeighted ? status.canaryRevision : status.stableRevision, canaryWeighted ? status.currentWeight : 0);
    }

    /** The stable-side and canary-side Services a canary or blue-green route weights, or null. */
    private static String[] weighted(RolloutStrategy s) {
        if (s.canary != null && s.canary.stableService != null && s.canary.canaryService != null)
            return new String[]{s.canary.stableService, s.canary.canaryService};
        if (s.blueGreen != null && s.blueGreen.activeService != null && s.blueGreen.previewService != null)
            return new String[]{s.blueGreen.activeService, s.blueGreen.previewService};
        return null;
    }

    /**
     * What the cleanup ends in, once its writes were tried: {@code REMOVED} when everything is back on stable,
     * {@code CLEANUP_TIMED_OUT} when it is not but the timeout has passed; empty: not yet, try again.
     *
     * @param failure why a write was refused, or null when every write went through
     */
    public Optional<Transition> outcome(Observation o, String failure) {
        return outcome(o, failure, null);
    }

    /**
     * As {@link #outcome(Observation, String)} for a Rollout that may be unreadable: then its cleanup went only as far
     * as its readable fields, and the finalizer goes with {@code CLEANUP_INCOMPLETE} saying which fields were left out.
     *
     * @param unreadable the fields the model could not read and why, or null when it read the whole Rollout
     */
    public Optional<Transition> outcome(Observation o, String failure, String unreadable) {
        List<String> problems = new ArrayList<>();
        if (failure != null) problems.add(failure);
        String route = References.of(o.rollout()).httpRoute();
        if (route != null && !o.httpRoutes().contains(route)) problems.add("HTTPRoute " + route + " not found");
        String stable = o.status().stableRevision;
        RolloutStrategy s = o.rollout().getSpec() == null || o.rollout().getSpec().strategy == null
                ? new RolloutStrategy() : o.rollout().getSpec().strategy;
        if (stable != null && s.abTesting != null && o.traffic() != null)
            for (String service : List.of(s.abTesting.variantAService, s.abTesting.variantBService)) {
                String selects = o.traffic().selection(service).revision();
                if (selects != null && !selects.equals(stable)) problems.add(service + " still selects revision " + selects);
            }
        if (stable != null && route != null && o.httpRoutes().contains(route) && weightsBack(o, true).filter(m -> !m.reached()).isPresent())
            problems.add("stable revision " + stable + " has " + o.available(stable) + "/" + o.rollout().getSpec().replicasOrDefault()
                    + " pods available, not yet enough to take all the traffic back");
        if (problems.isEmpty() && unreadable != null)
            return Optional.of(new Transition(Transition.Action.CLEANUP_INCOMPLETE, "deleted while it could not be read ("
                    + unreadable + "): what those fields name was not cleaned up; "
                    + (stable == null ? "there was no stable revision" : "what the readable fields name was put back on stable revision " + stable)
                    + "; finalizer " + FINALIZER + " removed"));
        if (problems.isEmpty())
            return Optional.of(new Transition(Transition.Action.REMOVED, stable == null ? "deleted before its first deployment"
                    : "deleted: all traffic left on stable revision " + stable + "; finalizer " + FINALIZER + " removed"));
        if (o.now().isBefore(giveUpAt(o))) return Optional.empty();
        return Optional.of(new Transition(Transition.Action.CLEANUP_TIMED_OUT, "deleted, but the cleanup did not finish within "
                + timeout.toSeconds() + "s (" + String.join("; ", problems) + ")"
                + (unreadable == null ? "" : ", and it could not be read (" + unreadable + ")") + ": finalizer " + FINALIZER
                + " removed anyway; check that traffic is on stable revision " + stable));
    }

    private Instant giveUpAt(Observation o) {
        Instant deleted = Timestamps.parse(o.rollout().getMetadata().getDeletionTimestamp());
        return deleted == null ? o.now() : deleted.plus(timeout);   // an unreadable timestamp must not hold it forever
    }

    private static boolean held(Rollout r) {
        List<String> finalizers = r.getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(FINALIZER);
    }

    private static int port(Integer port) {
        return port == null ? 80 : port;
    }
}
