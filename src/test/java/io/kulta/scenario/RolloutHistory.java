package io.kulta.scenario;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.kube.StatusPacing;
import io.kulta.model.RolloutStatus;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every status of every Rollout the API server reported, in its order, from a watch of the test's own (never faulted)
 * client: what a user with {@code kubectl get -w} saw, not what the controller believes.
 */
final class RolloutHistory implements AutoCloseable {
    /** One observed status: what a user reads in {@code kubectl get rollout}. */
    record Seen(long version, Phase phase, Integer step, Integer weight, String stable, String canary, long nanos,
                RolloutStatus status) {
        static Seen of(Rollout r) {
            RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
            return new Seen(Long.parseLong(r.getMetadata().getResourceVersion()), s.phase, s.currentStepIndex, s.currentWeight,
                    s.stableRevision, s.canaryRevision, System.nanoTime(), s);
        }

        boolean sameStateAs(Seen o) {
            return o != null && phase == o.phase && Objects.equals(step, o.step) && Objects.equals(weight, o.weight)
                    && Objects.equals(stable, o.stable) && Objects.equals(canary, o.canary);
        }

        @Override
        public String toString() {
            return version + ":" + phase + "/step=" + step + "/w=" + weight + "/stable=" + stable + "/canary=" + canary;
        }
    }

    private final Map<String, List<Seen>> seen = new ConcurrentHashMap<>();
    private final Watch watch;
    private volatile WatcherException closedBy;

    RolloutHistory(KubernetesClient client) {
        watch = client.resources(Rollout.class).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Rollout r) {
                if (action == Action.ADDED || action == Action.MODIFIED)
                    seen.computeIfAbsent(r.getMetadata().getName(), k -> new CopyOnWriteArrayList<>()).add(Seen.of(r));
            }

            @Override
            public void onClose(WatcherException cause) {
                closedBy = cause;
            }
        });
    }

    /** Every status of this Rollout seen so far, in order. */
    List<Seen> of(String rollout) {
        if (closedBy != null) throw new IllegalStateException("the history's watch closed: it may have missed changes", closedBy);
        return List.copyOf(seen.getOrDefault(rollout, List.of()));
    }

    /** The distinct states in a row (a write that changed only a message or a timestamp is not a transition). */
    List<Seen> transitions(String rollout) {
        List<Seen> out = new ArrayList<>();
        for (Seen s : of(rollout)) if (out.isEmpty() || !s.sameStateAs(out.get(out.size() - 1))) out.add(s);
        return out;
    }

    /**
     * The status changes seen that carried only what the controller observed (replica counters, wording), by the rule
     * the controller paces them with ({@link StatusPacing#observationsOnly}); a change of the spec alone is none.
     */
    long observationOnlyChanges(String rollout) {
        List<Seen> all = of(rollout);
        long changes = 0;
        for (int i = 1; i < all.size(); i++) {
            RolloutStatus before = all.get(i - 1).status();
            RolloutStatus after = all.get(i).status();
            if (PACING_RULE.observationsOnly(before, after) && !JSON.valueToTree(before).equals(JSON.valueToTree(after))) changes++;
        }
        return changes;
    }

    /** Seconds from the first status seen of this Rollout to the last. */
    double secondsSeen(String rollout) {
        List<Seen> all = of(rollout);
        return all.size() < 2 ? 0 : (all.get(all.size() - 1).nanos() - all.get(0).nanos()) / 1e9;
    }

    private static final StatusPacing PACING_RULE = new StatusPacing(Duration.ZERO, (key, after) -> { });
    private static final ObjectMapper JSON = new ObjectMapper();

    /** When (System.nanoTime) a status first named this revision, as canary or stable. */
    long firstSeen(String rollout, String revision) {
        return of(rollout).stream().filter(s -> revision.equals(s.canary()) || revision.equals(s.stable()))
                .mapToLong(Seen::nanos).findFirst()
                .orElseThrow(() -> new AssertionError(rollout + ": no status named revision " + revision + ": " + of(rollout)));
    }

    /**
     * Where this revision's canary went backwards or skipped: its step index rises by at most 1 between two
     * observations and never falls, and its weight never falls, from the first status naming it canary until it is stable.
     */
    List<String> canaryBreaches(String rollout, String revision) {
        List<String> breaches = new ArrayList<>();
        Seen last = null;
        for (Seen s : of(rollout)) {
            if (!revision.equals(s.canary()) && !(revision.equals(s.stable()) && last != null)) continue;
            if (last != null && s.step() != null && last.step() != null) {
                if (s.step() < last.step()) breaches.add("step went back: " + last + " -> " + s);
                if (s.step() > last.step() + 1) breaches.add("step skipped: " + last + " -> " + s);
            }
            if (last != null && s.weight() != null && last.weight() != null && s.weight() < last.weight())
                breaches.add("weight went back: " + last + " -> " + s);
            last = s;
            if (revision.equals(s.stable())) break;
        }
        return breaches;
    }

    @Override
    public void close() {
        watch.close();
    }
}
