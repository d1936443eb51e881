package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kulta.core.Labels;
import io.kulta.testing.AddsAndUpdates;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When (System.nanoTime) the API server first reported each revision's ReplicaSet with all the replicas it asks for
 * available, as the test's own (never faulted) watch sees it: the moment a controller with a fresh cache could act.
 */
final class AvailableReplicaSets implements AutoCloseable {
    private final SharedIndexInformer<ReplicaSet> informer;
    private final Map<String, Long> firstAvailable = new ConcurrentHashMap<>();

    AvailableReplicaSets(KultaCluster cluster) {
        informer = cluster.client().apps().replicaSets().inNamespace(cluster.namespace()).inform(AddsAndUpdates.to(this::seen));
    }

    private void seen(ReplicaSet rs) {
        int desired = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        Integer available = rs.getStatus() == null ? null : rs.getStatus().getAvailableReplicas();
        String revision = rs.getMetadata().getLabels() == null ? null : rs.getMetadata().getLabels().get(Labels.POD_TEMPLATE_HASH);
        if (revision != null && desired > 0 && available != null && available >= desired)
            firstAvailable.putIfAbsent(revision, System.nanoTime());
    }

    /** When this revision's ReplicaSet first had all its replicas available, if it did. */
    OptionalLong firstAvailable(String revision) {
        Long at = firstAvailable.get(revision);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    @Override
    public void close() {
        informer.close();
    }
}
