package io.kulta.kube;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kulta.core.FleetQueue;
import io.kulta.core.Observation;
import io.kulta.core.SpecValidator;
import io.kulta.core.Timestamps;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * KULTA_MAX_CONCURRENT_ROLLOUTS at run time: decides, one reconcile at a time, whether a Rollout that wants to start a
 * new revision must wait ({@link FleetQueue}), and when a Rollout gives its slot back, looks again at the longest
 * waiting ones. What it keeps in memory is only the Rollouts it let start whose status the caches do not show yet, so
 * two workers never both take the last slot.
 */
public final class FleetAdmission implements ResourceEventHandler<HasMetadata> {
    private static final Duration UNSEEN_TTL = Duration.ofSeconds(30);

    private final KubeCaches caches;
    private final int limit;
    private final Consumer<String> lookAgain;
    private final Map<String, Long> startedUnseen = new HashMap<>();

    /** @param limit at most this many Rollouts progress at once; 0 or less: no limit */
    public FleetAdmission(KubeCaches caches, int limit, Consumer<String> lookAgain) {
        this.caches = caches;
        this.limit = limit;
        this.lookAgain = lookAgain;
    }

    public boolean enabled() {
        return limit > 0;
    }

    /** Whether this reconcile only records that the Rollout waits (then the queued plan is its plan). */
    public synchronized boolean mustWait(Observation o) {
        if (limit <= 0 || o == null || !SpecValidator.validate(o.rollout()).isEmpty() || !FleetQueue.wantsToStart(o)) return false;
        String self = Cache.metaNamespaceKeyFunc(o.rollout());
        List<FleetQueue.Member> fleet = fleet();
        forgetSeen(fleet);
        Instant since = Timestamps.parse(o.status().queuedAt);
        if (!FleetQueue.mayStart(self, since != null ? since : o.now(), fleet, startedUnseen.keySet(), limit)) return true;
        startedUnseen.put(self, System.nanoTime());
        return false;
    }

    @Override
    public void onAdd(HasMetadata r) {
    }

    @Override
    public void onUpdate(HasMetadata before, HasMetadata after) {
        RolloutStatus now = statusOf(after);
        if (now != null && now.canaryRevision != null) seen(after);
        if (FleetQueue.holdsSlot(statusOf(before)) && !FleetQueue.holdsSlot(now)) slotFreed();
    }

    @Override
    public void onDelete(HasMetadata r, boolean finalStateUnknown) {
        seen(r);
        if (FleetQueue.holdsSlot(statusOf(r))) slotFreed();
    }

    /** The status as stored (the caches hold Rollouts untyped); null when there is none or it cannot be read. */
    private static RolloutStatus statusOf(HasMetadata o) {
        if (o instanceof Rollout r) return r.getStatus();
        if (!(o instanceof GenericKubernetesResource raw) || raw.getAdditionalProperties().get("status") == null) return null;
        try {
            return STATUS.convertValue(raw.getAdditionalProperties().get("status"), RolloutStatus.class);
        } catch (IllegalArgumentException e) {
            return null;   // reported as unreadable by the reconcile; holds no slot
        }
    }

    private static final ObjectMapper STATUS = new ObjectMapper();

    /** The caches show the start (or the Rollout is gone): its slot is counted from its status from now on. */
    private synchronized void seen(HasMetadata r) {
        if (!startedUnseen.isEmpty()) startedUnseen.remove(Cache.metaNamespaceKeyFunc(r));
    }

    /** The longest waiting Rollouts, as many as there are slots, get a look (each decides for itself in order). */
    private void slotFreed() {
        if (limit <= 0) return;
        FleetQueue.waitersInOrder(fleet()).stream().limit(limit).forEach(lookAgain);
    }

    private List<FleetQueue.Member> fleet() {
        return caches.rollouts().stream().map(r -> new FleetQueue.Member(Cache.metaNamespaceKeyFunc(r), r.getStatus())).toList();
    }

    /** A start the caches now show (or that never landed, after a while) no longer needs remembering. */
    private void forgetSeen(List<FleetQueue.Member> fleet) {
        if (startedUnseen.isEmpty()) return;
        long expired = System.nanoTime() - UNSEEN_TTL.toNanos();
        Map<String, FleetQueue.Member> byKey = new HashMap<>();
        fleet.forEach(m -> byKey.put(m.key(), m));
        startedUnseen.entrySet().removeIf(e -> e.getValue() < expired || !byKey.containsKey(e.getKey())
                || FleetQueue.holdsSlot(byKey.get(e.getKey()).status()));
    }
}
