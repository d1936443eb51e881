package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kulta.core.Labels;
import io.kulta.testing.AddsAndUpdates;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every state a Rollout's ReplicaSets pass through, as a watch on the API sees them: after each change,
 * the pods asked for (Σ spec.replicas) and the pods available (Σ of status.availableReplicas, each at most
 * its spec.replicas, since pods above it are being removed).
 */
final class ReplicaSetMoments implements AutoCloseable {
    /** One moment: desired/available per revision. */
    record Moment(Map<String, String> byRevision, int pods, int available) {
    }

    private final SharedIndexInformer<ReplicaSet> informer;
    private final Map<String, int[]> byRevision = new TreeMap<>();
    private final List<Moment> moments = new ArrayList<>();

    /** Starts watching; returns once the current ReplicaSets are recorded. */
    ReplicaSetMoments(KultaCluster cluster, String rollout) {
        informer = cluster.client().apps().replicaSets().inNamespace(cluster.namespace()).withLabel(Labels.ROLLOUT, rollout)
                .inform(AddsAndUpdates.to(this::seen));
    }

    private synchronized void seen(ReplicaSet rs) {
        int desired = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        Integer reported = rs.getStatus() == null ? null : rs.getStatus().getAvailableReplicas();
        byRevision.put(rs.getMetadata().getLabels().get(Labels.POD_TEMPLATE_HASH),
                new int[]{desired, Math.min(desired, reported == null ? 0 : reported)});
        Map<String, String> snapshot = new TreeMap<>();
        byRevision.forEach((rev, counts) -> snapshot.put(rev, counts[0] + "/" + counts[1]));
        moments.add(new Moment(snapshot, byRevision.values().stream().mapToInt(c -> c[0]).sum(),
                byRevision.values().stream().mapToInt(c -> c[1]).sum()));
    }

    synchronized List<Moment> moments() {
        return List.copyOf(moments);
    }

    /** At every moment so far: at most {@code maxPods} pods asked for, at least {@code minAvailable} available. */
    void assertAlwaysWithin(int maxPods, int minAvailable) {
        assertThat(moments()).as("every moment").allSatisfy(m -> {
            assertThat(m.pods()).as("pods at %s", m.byRevision()).isLessThanOrEqualTo(maxPods);
            assertThat(m.available()).as("available at %s", m.byRevision()).isGreaterThanOrEqualTo(minAvailable);
        });
    }

    @Override
    public void close() {
        informer.close();
    }
}
