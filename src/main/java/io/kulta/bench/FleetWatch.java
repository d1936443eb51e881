package io.kulta.bench;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.core.Labels;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The benchmark's own view of the fleet, from watches on its own client: waits for every Rollout to reach a state, and
 * stamps (System.nanoTime, when the watch event arrived) a probed Rollout's template change, its new ReplicaSet's first
 * available pod, its next HTTPRoute change and its next status change.
 */
final class FleetWatch implements AutoCloseable {

    /** When the watches saw a probed Rollout's change, and what followed it (0 until seen). */
    static final class Probe {
        volatile long templateSeen;
        /** The new revision's ReplicaSet first reported an available pod: the kubelet simulator's part of the wait. */
        volatile long canaryAvailable;
        volatile long routePatched;
        volatile long statusWritten;
        volatile long pausedSeen;
    }

    private final Fleet fleet;
    private final SharedIndexInformer<Rollout> rollouts;
    private final SharedIndexInformer<HTTPRoute> routes;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();

    FleetWatch(KubernetesClient client, Fleet fleet) {
        this.fleet = fleet;
        this.rollouts = client.resources(Rollout.class).inNamespace(fleet.namespace()).withLimit(Fleet.LIST_PAGE).inform(new OnUpdate<>() {
            @Override
            public void onUpdate(Rollout before, Rollout after) {
                rolloutChanged(before, after);
            }
        }, 0);
        this.routes = client.resources(HTTPRoute.class).inNamespace(fleet.namespace()).withLimit(Fleet.LIST_PAGE).inform(new OnUpdate<>() {
            @Override
            public void onUpdate(HTTPRoute before, HTTPRoute after) {
                routeChanged(before, after);
            }
        }, 0);
        this.replicaSets = client.apps().replicaSets().inNamespace(fleet.namespace()).withLabel(Labels.ROLLOUT).withLimit(Fleet.LIST_PAGE).inform(new OnUpdate<>() {
            @Override
            public void onUpdate(ReplicaSet before, ReplicaSet after) {
                replicaSetChanged(after);
            }
        }, 0);
    }

    private void replicaSetChanged(ReplicaSet after) {
        long now = System.nanoTime();
        Map<String, String> labels = after.getMetadata().getLabels() == null ? Map.of() : after.getMetadata().getLabels();
        String name = labels.get(Labels.ROLLOUT);
        Probe probe = name == null ? null : probes.get(name);
        if (probe == null || probe.templateSeen == 0 || probe.canaryAvailable != 0) return;
        Rollout rollout = rollouts.getStore().getByKey(fleet.namespace() + "/" + name);
        String stable = rollout == null || rollout.getStatus() == null ? null : rollout.getStatus().stableRevision;
        Integer available = after.getStatus() == null ? null : after.getStatus().getAvailableReplicas();
        if (!Objects.equals(labels.get(Labels.POD_TEMPLATE_HASH), stable) && available != null && available > 0) {
            probe.canaryAvailable = now;
        }
    }

    /** From now on, stamps this Rollout's next template change and what the controller does about it. */
    Probe probe(String name) {
        Probe probe = new Probe();
        probes.put(name, probe);
        return probe;
    }

    private void rolloutChanged(Rollout before, Rollout after) {
        long now = System.nanoTime();
        Probe probe = probes.get(after.getMetadata().getName());
        if (probe == null) return;
        if (probe.templateSeen == 0 && !Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())) {
            probe.templateSeen = now;
        } else if (probe.templateSeen != 0 && probe.statusWritten == 0 && !json(before.getStatus()).equals(json(after.getStatus()))) {
            probe.statusWritten = now;
        }
        if (probe.templateSeen != 0 && probe.pausedSeen == 0 && observed(after) && pausedAtWeight(20).test(after)) {
            probe.pausedSeen = now;
        }
    }

    private void routeChanged(HTTPRoute before, HTTPRoute after) {
        long now = System.nanoTime();
        String name = after.getMetadata().getName();
        Probe probe = probes.get(name.substring(0, name.length() - "-route".length()));
        if (probe != null && probe.templateSeen != 0 && probe.routePatched == 0
                && !json(before.getSpec()).equals(json(after.getSpec()))) {
            probe.routePatched = now;
        }
    }

    private static String json(Object o) {
        return o == null ? "" : Serialization.asJson(o);
    }

    /** Seconds until every member is in this state (their spec observed by the controller). */
    double awaitAll(String what, Duration timeout, Predicate<Rollout> state) {
        return Waits.until("every Rollout " + what, timeout,
                () -> fleet.names().stream().allMatch(name -> matches(name, state)), this::summary);
    }

    boolean matches(String name, Predicate<Rollout> state) {
        Rollout rollout = rollouts.getStore().getByKey(fleet.namespace() + "/" + name);
        return rollout != null && observed(rollout) && state.test(rollout);
    }

    /** Its status is of its current generation: the controller has seen its latest spec. */
    static boolean observed(Rollout rollout) {
        RolloutStatus status = rollout.getStatus();
        return status != null && Objects.equals(status.observedGeneration, rollout.getMetadata().getGeneration());
    }

    static Predicate<Rollout> completed() {
        return r -> r.getStatus().phase == Phase.Completed;
    }

    /** Its spec is at least as new as the change that returned these generations: no state from before the change. */
    static Predicate<Rollout> since(Map<String, Long> generations) {
        return r -> r.getMetadata().getGeneration() != null
                && r.getMetadata().getGeneration() >= generations.getOrDefault(r.getMetadata().getName(), Long.MAX_VALUE);
    }

    static Predicate<Rollout> pausedAtWeight(int weight) {
        return r -> r.getStatus().phase == Phase.Paused && Objects.equals(r.getStatus().currentWeight, weight);
    }

    /** How many members are in each phase/weight, for a timeout's message. */
    String summary() {
        Map<String, Long> states = rollouts.getStore().list().stream().collect(Collectors.groupingBy(r -> r.getStatus() == null
                ? "no status" : r.getStatus().phase + "@" + r.getStatus().currentWeight
                + (observed(r) ? "" : " (generation not observed)"), TreeMap::new, Collectors.counting()));
        return states.toString();
    }

    @Override
    public void close() {
        rollouts.close();
        routes.close();
        replicaSets.close();
    }

    private interface OnUpdate<T> extends ResourceEventHandler<T> {
        @Override
        default void onAdd(T obj) {
        }

        @Override
        default void onDelete(T obj, boolean deletedFinalStateUnknown) {
        }
    }
}
