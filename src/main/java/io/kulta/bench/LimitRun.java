package io.kulta.bench;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kulta.core.Labels;
import io.kulta.model.Rollout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The physical limit of one canary step: a bare fabric8 client, configured as the controller's and with as many
 * threads as its workers, doing only the writes the step needs for every Rollout of a fleet nobody else manages —
 * create the canary ReplicaSet (1 of 5 replicas), wait until the kubelet reports it available, point the canary
 * Service at it, set the HTTPRoute weights to 80/20, write the status.
 */
final class LimitRun implements AutoCloseable {
    private static final Duration AVAILABLE_TIMEOUT = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final Fleet fleet;
    private final int workers;
    private final Map<String, CompletableFuture<Void>> available = new ConcurrentHashMap<>();
    private final SharedIndexInformer<ReplicaSet> replicaSets;

    LimitRun(KubernetesClient client, Fleet fleet, int workers) {
        this.client = client;
        this.fleet = fleet;
        this.workers = workers;
        this.replicaSets = client.apps().replicaSets().inNamespace(fleet.namespace()).withLimit(Fleet.LIST_PAGE).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                check(rs);
            }

            @Override
            public void onUpdate(ReplicaSet before, ReplicaSet after) {
                check(after);
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean deletedFinalStateUnknown) {
            }
        }, 0);
    }

    private void check(ReplicaSet rs) {
        Integer ready = rs.getStatus() == null ? null : rs.getStatus().getAvailableReplicas();
        if (ready != null && ready >= rs.getSpec().getReplicas()) {
            available.computeIfAbsent(rs.getMetadata().getName(), n -> new CompletableFuture<>()).complete(null);
        }
    }

    /** Seconds for the whole fleet to take one step to revision {@code revision}. */
    double step(String revision) {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long start = System.nanoTime();
        try {
            fleet.names().stream().map(name -> pool.submit(() -> step(name, revision))).toList().forEach(Waits::join);
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    private void step(String name, String hash) {
        String ns = fleet.namespace();
        String rsName = name + "-" + hash;
        CompletableFuture<Void> ready = available.computeIfAbsent(rsName, n -> new CompletableFuture<>());
        client.apps().replicaSets().inNamespace(ns).resource(canaryReplicaSet(name, rsName, hash)).create();
        try {
            ready.get(AVAILABLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ReplicaSet " + rsName + " not available after " + AVAILABLE_TIMEOUT, e);
        }
        PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
        client.services().inNamespace(ns).withName(name + "-canary")
                .patch(merge, "{\"spec\":{\"selector\":{\"%s\":\"%s\"}}}".formatted(Labels.POD_TEMPLATE_HASH, hash));
        client.resources(HTTPRoute.class).inNamespace(ns).withName(name + "-route").patch(merge, """
                {"spec":{"rules":[{"matches":[{"path":{"type":"PathPrefix","value":"/"}}],"backendRefs":[
                {"name":"%1$s-stable","port":80,"weight":80},{"name":"%1$s-canary","port":80,"weight":20}]}]}}"""
                .formatted(name));
        client.resources(Rollout.class).inNamespace(ns).withName(name).subresource("status").patch(merge, """
                {"status":{"phase":"Paused","currentStepIndex":0,"currentWeight":20,"canaryRevision":"%s"}}""".formatted(hash));
    }

    private static ReplicaSet canaryReplicaSet(String app, String name, String hash) {
        Map<String, String> labels = Map.of("app", app, Labels.POD_TEMPLATE_HASH, hash, Labels.MANAGED, "true");
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(Map.of("app", app, Labels.POD_TEMPLATE_HASH, hash)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("ghcr.io/example/shop:" + hash).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    @Override
    public void close() {
        replicaSets.close();
    }
}
