package io.kulta.dashboard;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kulta.cli.RolloutView;
import io.kulta.core.Labels;
import io.kulta.kube.RolloutReader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The dashboard's view of the cluster, with the user's client: informers (list + watch) on the Rollouts of one
 * namespace or all, their ReplicaSets and the HTTPRoutes. Rollouts are read one by one as the controller reads them,
 * so one the model cannot read is shown with its problem instead of breaking the list. Every change is passed to the
 * listeners as the key ({@code namespace/name}) of the Rollout it concerns.
 */
final class FleetWatch implements AutoCloseable {
    private final RolloutReader reader = new RolloutReader();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<GenericKubernetesResource> rollouts;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final SharedIndexInformer<HTTPRoute> routes;

    /** @param namespace null for all namespaces */
    FleetWatch(KubernetesClient client, String namespace) {
        var rolloutOp = client.genericKubernetesResources("kulta.io/v1alpha1", "Rollout");
        Informable<GenericKubernetesResource> rolloutScope = namespace == null ? rolloutOp.inAnyNamespace() : rolloutOp.inNamespace(namespace);
        var rsOp = client.apps().replicaSets();
        Informable<ReplicaSet> rsScope = namespace == null ? rsOp.inAnyNamespace().withLabel(Labels.ROLLOUT)
                : rsOp.inNamespace(namespace).withLabel(Labels.ROLLOUT);
        var routeOp = client.resources(HTTPRoute.class);
        Informable<HTTPRoute> routeScope = namespace == null ? routeOp.inAnyNamespace() : routeOp.inNamespace(namespace);
        this.rollouts = rolloutScope.inform(handler(FleetWatch::key));
        this.replicaSets = rsScope.inform(handler(rs -> rs.getMetadata().getLabels() == null ? null
                : rs.getMetadata().getNamespace() + "/" + rs.getMetadata().getLabels().get(Labels.ROLLOUT)));
        this.routes = routeScope.inform(handler(this::rolloutOfRoute));
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(java.util.function.Function<T, String> keyOf) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed(keyOf.apply(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed(keyOf.apply(newObj));
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed(keyOf.apply(obj));
            }
        };
    }

    private void changed(String key) {
        if (key == null) return;
        listeners.forEach(l -> l.accept(key));
    }

    /** The Rollout that weights this HTTPRoute, if a Rollout in the cache names it. */
    private String rolloutOfRoute(HTTPRoute route) {
        return rollouts().stream()
                .filter(r -> r.readable() && route.getMetadata().getName().equals(RolloutView.routeName(r.rollout())))
                .filter(r -> Objects.equals(r.raw().getMetadata().getNamespace(), route.getMetadata().getNamespace()))
                .map(r -> key(r.raw()))
                .findFirst().orElse(null);
    }

    static String key(HasMetadata o) {
        return Cache.metaNamespaceKeyFunc(o);
    }

    void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<String> listener) {
        listeners.remove(listener);
    }

    boolean synced() {
        return rollouts.hasSynced() && replicaSets.hasSynced() && routes.hasSynced();
    }

    /** Every Rollout in the cache, read, by namespace then name. */
    List<RolloutReader.Read> rollouts() {
        List<RolloutReader.Read> all = new ArrayList<>();
        for (GenericKubernetesResource raw : rollouts.getStore().list()) all.add(reader.read(raw));
        all.sort(Comparator.comparing((RolloutReader.Read r) -> r.raw().getMetadata().getNamespace())
                .thenComparing(r -> r.raw().getMetadata().getName()));
        return all;
    }

    Optional<RolloutReader.Read> rollout(String namespace, String name) {
        GenericKubernetesResource raw = rollouts.getStore().getByKey(namespace + "/" + name);
        return raw == null ? Optional.empty() : Optional.of(reader.read(raw));
    }

    List<ReplicaSet> replicaSets(String namespace, String rollout) {
        return replicaSets.getStore().list().stream()
                .filter(rs -> namespace.equals(rs.getMetadata().getNamespace()))
                .filter(rs -> rs.getMetadata().getLabels() != null && rollout.equals(rs.getMetadata().getLabels().get(Labels.ROLLOUT)))
                .toList();
    }

    Optional<HTTPRoute> route(String namespace, String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(routes.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public void close() {
        rollouts.close();
        replicaSets.close();
        routes.close();
    }
}
