package io.kulta.playground;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the ReplicaSet controller and the kubelet: a short while after a managed ReplicaSet's spec changes,
 * it reports all its replicas ready through the /status subresource. A test can {@link #hold} a pod-template-hash to
 * keep that revision's ReplicaSets at their current status.
 */
public final class KubeletSimulator implements AutoCloseable {

    public static final String MANAGED_LABEL = "rollouts.kulta.io/managed";
    public static final String HASH_LABEL = "pod-template-hash";

    private static final Logger LOG = LoggerFactory.getLogger(KubeletSimulator.class);
    private static final int CONFLICT_RETRIES = 10;
    // A periodic resync re-examines every ReplicaSet, so a write that failed for another reason is retried.
    private static final long RESYNC_MILLIS = 1000;

    private final KubernetesClient client;
    private final Duration delay;
    private volatile boolean onePodAtATime;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor;
    private final SharedIndexInformer<ReplicaSet> informer;

    public KubeletSimulator(KubernetesClient client) {
        this(client, Duration.ofMillis(50));
    }

    public KubeletSimulator(KubernetesClient client, Duration delay) {
        this(client, delay, 1);
    }

    /**
     * Starts watching at once; returns when the informer has synced. With more than one thread, status writes for
     * different ReplicaSets overlap, as many kubelets' would (the benchmark's fleets have thousands).
     */
    public KubeletSimulator(KubernetesClient client, Duration delay, int threads) {
        this.client = client;
        this.delay = delay;
        this.executor = Executors.newScheduledThreadPool(threads, r -> {
            Thread thread = new Thread(r, "kubelet-simulator");
            thread.setDaemon(true);
            return thread;
        });
        this.informer = client.apps().replicaSets().inAnyNamespace().withLabel(MANAGED_LABEL, "true").withLimit(500L)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ReplicaSet rs) {
                        schedule(rs);
                    }

                    @Override
                    public void onUpdate(ReplicaSet oldRs, ReplicaSet newRs) {
                        schedule(newRs);
                    }

                    @Override
                    public void onDelete(ReplicaSet rs, boolean deletedFinalStateUnknown) {
                    }
                }, RESYNC_MILLIS);
    }

    /**
     * From now on a growing ReplicaSet gets one more available pod per delay instead of all at once (pods going away
     * still go at once), so a controller that moves traffic before the pods are there is caught in the act.
     */
    public KubeletSimulator podsComeUpOneAtATime() {
        this.onePodAtATime = true;
        return this;
    }

    /** ReplicaSets with this pod-template-hash keep their current status (no new ready pods) until released. */
    public void hold(String podTemplateHash) {
        held.add(podTemplateHash);
    }

    public void release(String podTemplateHash) {
        held.remove(podTemplateHash);
        informer.getStore().list().stream().filter(rs -> podTemplateHash.equals(hash(rs))).forEach(this::schedule);
    }

    private void schedule(ReplicaSet rs) {
        if (converged(rs) || isHeld(rs)) {
            return;
        }
        String key = Cache.metaNamespaceKeyFunc(rs);
        if (pending.add(key) && !executor.isShutdown()) {
            executor.schedule(() -> reconcile(rs.getMetadata().getNamespace(), rs.getMetadata().getName(), key),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void reconcile(String namespace, String name, String key) {
        pending.remove(key);
        try {
            for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
                ReplicaSet rs = client.apps().replicaSets().inNamespace(namespace).withName(name).get();
                if (rs == null || converged(rs) || isHeld(rs)) {
                    return;
                }
                rs.setStatus(onePodAtATime ? oneMorePod(rs) : readyStatus(rs));
                try {
                    client.apps().replicaSets().resource(rs).updateStatus();
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e;
                    }
                }
            }
            LOG.warn("Gave up on ReplicaSet {} after {} conflicts", key, CONFLICT_RETRIES);
        } catch (RuntimeException e) {
            LOG.warn("Could not write the status of ReplicaSet {}; the next resync retries: {}", key, e.toString());
        }
    }

    private static ReplicaSetStatus readyStatus(ReplicaSet rs) {
        int replicas = desired(rs);
        ReplicaSetStatus status = rs.getStatus() != null ? rs.getStatus() : new ReplicaSetStatus();
        status.setReplicas(replicas);
        status.setReadyReplicas(replicas);
        status.setAvailableReplicas(replicas);
        status.setFullyLabeledReplicas(replicas);
        status.setObservedGeneration(rs.getMetadata().getGeneration());
        return status;
    }

    /** One step towards the desired count: one more available pod when growing, all surplus pods gone when shrinking. */
    private static ReplicaSetStatus oneMorePod(ReplicaSet rs) {
        int replicas = desired(rs);
        ReplicaSetStatus status = rs.getStatus() != null ? rs.getStatus() : new ReplicaSetStatus();
        int available = status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas();
        int next = available < replicas ? available + 1 : replicas;
        status.setReplicas(replicas);
        status.setReadyReplicas(next);
        status.setAvailableReplicas(next);
        status.setFullyLabeledReplicas(replicas);
        status.setObservedGeneration(rs.getMetadata().getGeneration());
        return status;
    }

    private static boolean converged(ReplicaSet rs) {
        ReplicaSetStatus status = rs.getStatus();
        int replicas = desired(rs);
        return status != null
                && Objects.equals(status.getReplicas(), replicas)
                && Objects.equals(status.getReadyReplicas(), replicas)
                && Objects.equals(status.getAvailableReplicas(), replicas)
                && Objects.equals(status.getFullyLabeledReplicas(), replicas)
                && Objects.equals(status.getObservedGeneration(), rs.getMetadata().getGeneration());
    }

    private static int desired(ReplicaSet rs) {
        Integer replicas = rs.getSpec() == null ? null : rs.getSpec().getReplicas();
        return replicas == null ? 1 : replicas; // the API server defaults spec.replicas to 1
    }

    private boolean isHeld(ReplicaSet rs) {
        String hash = hash(rs);
        return hash != null && held.contains(hash);
    }

    private static String hash(ReplicaSet rs) {
        return rs.getMetadata().getLabels() == null ? null : rs.getMetadata().getLabels().get(HASH_LABEL);
    }

    @Override
    public void close() {
        informer.close();
        executor.shutdownNow();
    }
}
