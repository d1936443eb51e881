package io.kulta.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The writes one canary step needs per Rollout, and nothing more (issue 17): each slot is one write, satisfied by any
 * of the request kinds that can do it (a status write may be a PUT or a PATCH of rollouts/status).
 */
public record StepMinimum(String step, List<Slot> slots) {

    public record Slot(String what, Set<RequestKind> accepted) {
    }

    /** Resources the controller writes for a Rollout; anything else in the API's totals (leases, the API server's own) is kept apart. */
    public static final Set<String> ROLLOUT_RESOURCES = Set.of("rollouts", "replicasets", "services", "httproutes", "events");

    private static final Set<RequestKind> STATUS = Set.of(kind("PUT", "rollouts", "status"), kind("PATCH", "rollouts", "status"));
    private static final Set<RequestKind> HTTPROUTE = Set.of(kind("PATCH", "httproutes", ""), kind("PUT", "httproutes", ""));

    private static final Set<RequestKind> REPLICASET_SCALE = Set.of(kind("PATCH", "replicasets", ""), kind("PUT", "replicasets", ""),
            kind("PATCH", "replicasets", "scale"), kind("PUT", "replicasets", "scale"));

    /**
     * A new revision reaching its first step (setWeight 20). Beyond issue 17's four (ReplicaSet, weights, status, and a
     * stable scale-down it counts under "scale stable"), KULTA's design needs: the canary Service pointed at the new
     * revision before it gets weight, stable shrunk only once traffic has left it (make-before-break, SPEC §3), and the
     * start recorded at once ("Started", while the pods come up — a restart resumes from it); the replica counters,
     * which change once the old pods are gone, are one more status write, paced (KULTA_STATUS_OBSERVATION_SECONDS).
     */
    public static final StepMinimum FIRST_STEP = new StepMinimum("first step (new revision)", List.of(
            new Slot("create the canary ReplicaSet", Set.of(kind("POST", "replicasets", ""))),
            new Slot("record the start (Started)", STATUS),
            new Slot("point the canary Service at it", Set.of(kind("PATCH", "services", ""), kind("PUT", "services", ""))),
            new Slot("set the HTTPRoute weights", HTTPROUTE),
            new Slot("scale stable down once traffic has left it", REPLICASET_SCALE),
            new Slot("write the status (Paused)", STATUS),
            new Slot("the replica counters once the old pods are gone (paced)", STATUS)));

    /**
     * A promoted Rollout reaching its next step (setWeight 50): the annotation consumed together with a status that
     * records the advance (so a promotion is applied once even across a restart), the canary scaled up, the weights,
     * stable scaled down, the status, and the paced counters.
     */
    public static final StepMinimum PROMOTED_STEP = new StepMinimum("next step (promoted)", List.of(
            new Slot("remove the promote annotation", Set.of(kind("PATCH", "rollouts", ""), kind("PUT", "rollouts", ""))),
            new Slot("record the advance (StepAdvanced)", STATUS),
            new Slot("scale the canary ReplicaSet", REPLICASET_SCALE),
            new Slot("set the HTTPRoute weights", HTTPROUTE),
            new Slot("scale stable down once traffic has left it", REPLICASET_SCALE),
            new Slot("write the status (Paused)", STATUS),
            new Slot("the replica counters once the old pods are gone (paced)", STATUS)));

    private static RequestKind kind(String verb, String resource, String subresource) {
        return new RequestKind(verb, resource, subresource);
    }

    public int writes() {
        return slots.size();
    }

    /**
     * The writes (Events apart) beyond the minimum, for {@code steps} Rollout steps: each slot takes up to one matching
     * write per step, what is left over is extra. Each line reads "PUT rollouts/status: 2.00 per step beyond the minimum".
     */
    public List<String> extraWrites(RequestCounts requests, int steps) {
        Map<RequestKind, Long> left = new TreeMap<>(requests.only(k -> k.isWrite() && !k.isEvent()
                && ROLLOUT_RESOURCES.contains(k.resource())).counts());
        for (Slot slot : slots) {
            long wanted = steps;
            for (RequestKind kind : slot.accepted()) {
                long take = Math.min(wanted, left.getOrDefault(kind, 0L));
                left.merge(kind, -take, Long::sum);
                wanted -= take;
            }
        }
        List<String> extra = new ArrayList<>();
        left.forEach((kind, n) -> {
            if (n > 0) extra.add("%s: %.2f per step beyond the minimum (%d in all)".formatted(kind.label(), (double) n / steps, n));
        });
        return extra;
    }

    /** Slots that fewer than {@code steps} writes filled (the controller did less, or wrote it another way). */
    public List<String> missingWrites(RequestCounts requests, int steps) {
        List<String> missing = new ArrayList<>();
        for (Slot slot : slots) {
            long done = slot.accepted().stream().mapToLong(requests::of).sum();
            if (done < steps) missing.add("%s: %d of %d".formatted(slot.what(), done, steps));
        }
        return missing;
    }
}
