package io.kulta.core;

import io.fabric8.kubernetes.api.model.Container;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.time.Instant;
import java.util.List;

/**
 * A typed rollout event: one per transition, emitted on direct:rollout-event after the status write
 * that made the transition. Sinks (Kubernetes Events, CDEvents, FALSE occurrences, logs) read it.
 */
public record RolloutEvent(String namespace, String rollout, String uid, Long generation, String strategy,
                           String revision, String stableRevision, String image, Integer stepIndex, Integer stepTotal,
                           Integer weight, String phase, String action, String reason, String decision,
                           String message, String type, String time) {

    public static RolloutEvent of(Rollout r, String strategy, Transition t, Instant time) {
        RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        String revision = s.canaryRevision != null ? s.canaryRevision : s.stableRevision;
        return new RolloutEvent(r.getMetadata().getNamespace(), r.getMetadata().getName(), r.getMetadata().getUid(),
                r.getMetadata().getGeneration(), strategy, revision, s.stableRevision, image(r), s.currentStepIndex,
                stepTotal(r), s.currentWeight, s.phase == null ? null : s.phase.name(), t.action().name(),
                t.action().reason, t.action().decision, t.message(), t.action().warning() ? "Warning" : "Normal",
                Timestamps.format(time));
    }

    private static String image(Rollout r) {
        if (r.getSpec() == null || r.getSpec().template == null || r.getSpec().template.getSpec() == null) return null;
        List<Container> containers = r.getSpec().template.getSpec().getContainers();
        return containers == null || containers.isEmpty() ? null : containers.get(0).getImage();
    }

    private static Integer stepTotal(Rollout r) {
        var strategy = r.getSpec() == null ? null : r.getSpec().strategy;
        return strategy != null && strategy.canary != null && strategy.canary.steps != null ? strategy.canary.steps.size() : null;
    }
}
