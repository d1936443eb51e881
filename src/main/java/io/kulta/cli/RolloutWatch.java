package io.kulta.cli;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kulta.core.Labels;
import io.kulta.model.Rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Informers (list + watch, no polling) on one Rollout, its ReplicaSets and its HTTPRoute; {@link #await} wakes on
 * any change to them and {@link #view} reads their caches.
 */
final class RolloutWatch implements AutoCloseable {
    private final KubernetesClient client;
    private final String name;
    private final ChangeSignal<Object> signal = new ChangeSignal<>();
    private final SharedIndexInformer<Rollout> rollouts;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private SharedIndexInformer<HTTPRoute> route;

    RolloutWatch(KubernetesClient client, String name, boolean withChildren) {
        this.client = client;
        this.name = name;
        this.rollouts = client.resources(Rollout.class).withName(name).inform(handler());
        informers.add(rollouts);
        this.replicaSets = withChildren ? client.apps().replicaSets().withLabel(Labels.ROLLOUT, name).inform(handler()) : null;
        if (replicaSets != null) informers.add(replicaSets);
    }

    @SuppressWarnings("unchecked")
    private <T> ChangeSignal<T> handler() {
        return (ChangeSignal<T>) (ChangeSignal<?>) signal;
    }

    Optional<Rollout> rollout() {
        return rollouts.getStore().list().stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    /** The Rollout and its children from the caches; starts watching its HTTPRoute once the Rollout names one. */
    Optional<RolloutView> view() {
        Optional<Rollout> r = rollout();
        if (r.isEmpty()) return Optional.empty();
        String routeName = RolloutView.routeName(r.get());
        if (routeName != null && route == null) {
            route = client.resources(HTTPRoute.class).withName(routeName).inform(handler());
            informers.add(route);
        }
        HTTPRoute current = route == null ? null : route.getStore().list().stream()
                .filter(h -> h.getMetadata().getName().equals(routeName)).findFirst().orElse(null);
        return Optional.of(new RolloutView(r.get(), replicaSets == null ? List.of() : replicaSets.getStore().list(), current));
    }

    boolean await(long millis) throws InterruptedException {
        return signal.await(millis);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
