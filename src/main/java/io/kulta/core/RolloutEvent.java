package io.kulta.core;

import io.fabric8.kubernetes.api.model.Container;
import io.kulta.model.AbExperimentStatus.Variant;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import io.kulta.model.RolloutStrategy;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A typed rollout event: one per transition, emitted on direct:rollout-event after the status write
 * that made the transition. Sinks (Kubernetes Events, CDEvents, FALSE occurrences, logs) read it.
 *
 * @param strategy       canary | blueGreen | abTesting | simple (the field name under spec.strategy)
 * @param action         the {@link Transition.Action} name, e.g. STEP_ADVANCED
 * @param reason         the Kubernetes Event reason, e.g. StepAdvanced
 * @param decision       the decision reason of CDEvents and FALSE occurrences, e.g. step_advanced
 * @param revision       the Rollout's newest revision (canary / preview / variant B, else stable); image: its template's
 * @param evidence       what the last analysis measured, when one ran for this revision (else empty)
 * @param resourceVersion the Rollout's resourceVersion after the status write that made the transition
 * @param subjectRevision the revision the event is about (SPEC §5): the one running afterwards for a completion, a
 *                       rollback, an abort or a deletion, the winner of a concluded experiment (A unless B won),
 *                       else the newest; subjectImage: the first container image of that revision
 */
public record RolloutEvent(String namespace, String rollout, String uid, Long generation, String strategy,
                           String revision, String stableRevision, String image, Integer stepIndex, Integer stepTotal,
                           Integer weight, String phase, String action, String reason, String decision,
                           String message, String type, String time, String resourceVersion, Integer replicas,
                           String httpRoute, String analysisVerdict, List<Evidence> evidence, String subjectRevision,
                           String subjectImage) {

    /** One metric's measurement and verdict. */
    public record Evidence(String metric, Double value, Double threshold, Double min, Double max, String verdict) {
    }

    /** @param images the first container image of a revision's ReplicaSet, or null when it is not known */
    public static RolloutEvent of(Rollout r, String strategy, Transition t, Instant time, Function<String, String> images) {
        RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        String revision = s.canaryRevision != null ? s.canaryRevision : s.stableRevision;
        String subject = subjectRevision(s, t.action(), revision);
        String subjectImage = subject == null ? null : images.apply(subject);   // null: no ReplicaSet seen yet, so the template's
        AnalysisStatus analysis = s.lastAnalysis;
        return new RolloutEvent(r.getMetadata().getNamespace(), r.getMetadata().getName(), r.getMetadata().getUid(),
                r.getMetadata().getGeneration(), strategy, revision, s.stableRevision, image(r), s.currentStepIndex,
                stepTotal(r), s.currentWeight, s.phase == null ? null : s.phase.name(), t.action().name(),
                t.action().reason, t.action().decision, t.message(), t.action().warning() ? "Warning" : "Normal",
                Timestamps.format(time), r.getMetadata().getResourceVersion(), replicas(r, s), httpRoute(r),
                analysis == null ? null : analysis.verdict, evidence(analysis), subject, subjectImage != null ? subjectImage : image(r));
    }

    private static String subjectRevision(RolloutStatus s, Transition.Action action, String newest) {
        String stable = s.stableRevision != null ? s.stableRevision : newest;
        return switch (action) {
            case COMPLETED, ROLLED_BACK, ABORTED, REMOVED, CLEANUP_TIMED_OUT, CLEANUP_INCOMPLETE -> stable;
            case EXPERIMENT_CONCLUDED -> s.abExperiment != null && s.abExperiment.winner == Variant.B ? newest : stable;
            default -> newest;
        };
    }

    private static String image(Rollout r) {
        if (r.getSpec() == null || r.getSpec().template == null || r.getSpec().template.getSpec() == null) return null;
        List<Container> containers = r.getSpec().template.getSpec().getContainers();
        return containers == null || containers.isEmpty() ? null : containers.get(0).getImage();
    }

    private static Integer stepTotal(Rollout r) {
        RolloutStrategy strategy = strategy(r);
        return strategy != null && strategy.canary != null && strategy.canary.steps != null ? strategy.canary.steps.size() : null;
    }

    private static Integer replicas(Rollout r, RolloutStatus s) {
        return r.getSpec() != null ? Integer.valueOf(r.getSpec().replicasOrDefault()) : s.replicas;
    }

    private static String httpRoute(Rollout r) {
        RolloutStrategy strategy = strategy(r);
        if (strategy == null) return null;
        var routing = strategy.canary != null ? strategy.canary.trafficRouting
                : strategy.blueGreen != null ? strategy.blueGreen.trafficRouting
                : strategy.abTesting != null ? strategy.abTesting.trafficRouting : null;
        return routing == null || routing.gatewayAPI == null ? null : routing.gatewayAPI.httpRoute;
    }

    private static List<Evidence> evidence(AnalysisStatus analysis) {
        if (analysis == null || analysis.metrics == null) return List.of();
        return analysis.metrics.stream()
                .map(m -> new Evidence(m.name, m.value, m.threshold, m.min, m.max, m.verdict)).toList();
    }

    private static RolloutStrategy strategy(Rollout r) {
        return r.getSpec() == null ? null : r.getSpec().strategy;
    }
}
