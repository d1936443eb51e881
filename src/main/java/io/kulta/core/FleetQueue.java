package io.kulta.core;

import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Fleet flow control (SPEC §6, KULTA_MAX_CONCURRENT_ROLLOUTS): at most {@code limit} Rollouts progress at once; a
 * Rollout whose template changed waits its turn, the one waiting longest first. All of it is read from the Rollouts'
 * statuses, so a restarted controller keeps the same order.
 */
public final class FleetQueue {

    /** A Rollout of the fleet as the caches hold it. */
    public record Member(String key, RolloutStatus status) {
    }

    private FleetQueue() {
    }

    /**
     * Whether this reconcile would start rolling out a new revision: a stable revision runs, none is in flight and the
     * template differs. A first deployment, a rollout already under way (a newer template replacing its canary too) and
     * a revert to stable never wait.
     */
    public static boolean wantsToStart(Observation o) {
        RolloutStatus s = o.status();
        if (s.stableRevision == null || o.replicaSet(s.stableRevision).isEmpty()) return false;
        if (s.canaryRevision != null) return false;
        return !o.revisionOfTemplate().equals(s.stableRevision);
    }

    /**
     * Whether the status shows a rollout under way (progressing, paused, in preview, experimenting, concluded): it holds
     * one of the slots until it completes, aborts or fails.
     */
    public static boolean holdsSlot(RolloutStatus s) {
        return s != null && s.canaryRevision != null && s.phase != null && !ENDED.contains(s.phase);
    }

    private static final Set<Phase> ENDED = EnumSet.of(Phase.Completed, Phase.Failed, Phase.Aborted);

    /** Whether the status shows the Rollout waiting for a slot. */
    public static boolean waiting(RolloutStatus s) {
        return s != null && s.canaryRevision == null && s.queuedAt != null;
    }

    /**
     * Whether {@code self}, waiting since {@code since}, may start now: fewer than {@code limit} Rollouts hold a slot
     * (those the statuses show, plus {@code startedUnseen}: started here but not yet back from the caches), and fewer
     * Rollouts wait ahead of it than slots are free.
     */
    public static boolean mayStart(String self, Instant since, Collection<Member> fleet, Set<String> startedUnseen, int limit) {
        if (limit <= 0) return true;
        long held = fleet.stream().filter(m -> !m.key().equals(self))
                .filter(m -> holdsSlot(m.status()) || startedUnseen.contains(m.key())).count();
        long free = limit - held;
        if (free <= 0) return false;
        long ahead = fleet.stream().filter(m -> !m.key().equals(self) && !startedUnseen.contains(m.key()))
                .filter(m -> waiting(m.status()))
                .filter(m -> ORDER.compare(new Waiter(m.key(), since(m.status())), new Waiter(self, since)) < 0)
                .count();
        return ahead < free;
    }

    /** The waiting Rollouts, the one waiting longest first (ties by key). */
    public static List<String> waitersInOrder(Collection<Member> fleet) {
        return fleet.stream().filter(m -> waiting(m.status())).map(m -> new Waiter(m.key(), since(m.status())))
                .sorted(ORDER).map(Waiter::key).toList();
    }

    private record Waiter(String key, Instant since) {
    }

    private static final Comparator<Waiter> ORDER = Comparator.comparing(Waiter::since).thenComparing(Waiter::key);

    private static Instant since(RolloutStatus s) {
        Instant t = Timestamps.parse(s.queuedAt);
        return t == null ? Instant.MAX : t;
    }
}
