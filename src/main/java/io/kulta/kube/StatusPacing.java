package io.kulta.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Paces the status writes that only report what the controller observed — replica counters, and the wording of the
 * message and of conditions' reasons and messages — to one per interval per Rollout; a status with anything else new
 * (phase, step, weight, revisions, timestamps, analysis, a condition's status) is written at once. A deferred write is
 * not lost: the Rollout is looked at again when the interval is over, and the next reconcile writes what it sees then.
 * Without this, a step whose pods come up one by one wrote the status once per pod. Elapsed time is the JVM's
 * monotonic clock, not the Rollout's: this is pacing of writes, not a decision.
 */
public final class StatusPacing {
    private static final List<String> COUNTERS_AND_WORDING = List.of("replicas", "readyReplicas", "updatedReplicas", "message");
    private static final int PRUNE_ABOVE = 10_000;
    static final int IN_MOTION = 2;
    static final int STEP_UNDER_WAY = 12;

    private final long intervalNanos;
    private final BiConsumer<String, Duration> lookAgain;
    private final Map<String, Long> lastWrite = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    /** @param lookAgain queues a Rollout key to be reconciled after a delay */
    public StatusPacing(Duration interval, BiConsumer<String, Duration> lookAgain) {
        this.intervalNanos = interval.toNanos();
        this.lookAgain = lookAgain;
    }

    /**
     * Whether to hold this write back; if so, the Rollout is looked at again once the interval since its last write is
     * over. While a rolling update is under way (Progressing) the interval is {@value #IN_MOTION}× longer, so its
     * progress ("2/4 updated") still shows every few seconds. While a canary, blue-green or A/B step is under way it is
     * {@value #STEP_UNDER_WAY}× longer: such a step waits for its new pods and its next transition, written at once,
     * carries the counters; under a fleet-wide promote a step waits behind the others for longer than 10 s, and a
     * counters write of its own there is a write more per step than the minimum.
     *
     * @param stepped whether the Rollout moves in steps (canary, blue-green, A/B) rather than as one rolling update
     */
    public boolean defers(String key, RolloutStatus written, RolloutStatus next, boolean stepped) {
        Long last = lastWrite.get(key);
        if (intervalNanos == 0 || last == null || !observationsOnly(written, next)) return false;
        long interval = next.phase != Phase.Progressing ? intervalNanos : (stepped ? STEP_UNDER_WAY : IN_MOTION) * intervalNanos;
        long left = interval - (System.nanoTime() - last);
        if (left <= 0) return false;
        lookAgain.accept(key, Duration.ofNanos(left));
        return true;
    }

    public void wrote(String key) {
        long now = System.nanoTime();
        if (lastWrite.size() > PRUNE_ABOVE) lastWrite.values().removeIf(at -> now - at > STEP_UNDER_WAY * intervalNanos);
        lastWrite.put(key, now);
    }

    /** The two differ only in counters and wording. */
    public boolean observationsOnly(RolloutStatus written, RolloutStatus next) {
        return written != null && next != null && decisions(written).equals(decisions(next));
    }

    private JsonNode decisions(RolloutStatus status) {
        ObjectNode tree = json.valueToTree(status);
        tree.remove(COUNTERS_AND_WORDING);
        tree.path("conditions").forEach(c -> ((ObjectNode) c).remove(List.of("reason", "message")));
        return tree;
    }
}
