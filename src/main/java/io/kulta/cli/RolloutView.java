package io.kulta.cli;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.kulta.core.Labels;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStrategy;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A Rollout and what it manages, as read at one moment: its ReplicaSets oldest first (their position is the
 * revision number {@code undo --to-revision} takes) and the HTTPRoute it weights, if any.
 */
public record RolloutView(Rollout rollout, List<ReplicaSet> replicaSets, HTTPRoute route) {
    public RolloutView {
        // creation timestamps have seconds only: within one second, stable before canary before the rest
        var status = rollout.getStatus();
        String stable = status == null ? null : status.stableRevision;
        String canary = status == null ? null : status.canaryRevision;
        replicaSets = replicaSets.stream()
                .sorted(Comparator.comparing((ReplicaSet rs) -> String.valueOf(rs.getMetadata().getCreationTimestamp()))
                        .thenComparing(rs -> rank(revisionOf(rs), stable, canary))
                        .thenComparing(rs -> rs.getMetadata().getName()))
                .toList();
    }

    private static int rank(String revision, String stable, String canary) {
        if (revision == null) return 0;
        if (revision.equals(stable)) return 1;
        return revision.equals(canary) ? 2 : 0;
    }

    public static String revisionOf(ReplicaSet rs) {
        return rs.getMetadata().getLabels() == null ? null : rs.getMetadata().getLabels().get(Labels.POD_TEMPLATE_HASH);
    }

    /** The ReplicaSet that is revision {@code number} (1 = the oldest kept). */
    Optional<ReplicaSet> revision(int number) {
        return number < 1 || number > replicaSets.size() ? Optional.empty() : Optional.of(replicaSets.get(number - 1));
    }

    /** What a revision is to this Rollout: stable/canary, active/preview (blue-green), stable (A)/variant B, or old. */
    public String role(String revision) {
        RolloutStrategy s = rollout.getSpec() == null ? null : rollout.getSpec().strategy;
        var status = rollout.getStatus();
        boolean blueGreen = s != null && s.blueGreen != null;
        boolean ab = s != null && s.abTesting != null;
        if (status != null && revision != null && revision.equals(status.stableRevision)) return ab ? "stable (A)" : blueGreen ? "active" : "stable";
        if (status != null && revision != null && revision.equals(status.canaryRevision)) return ab ? "variant B" : blueGreen ? "preview" : "canary";
        return "old";
    }

    public String strategyName() {
        RolloutStrategy s = rollout.getSpec() == null ? null : rollout.getSpec().strategy;
        List<String> names = s == null ? List.of() : s.configured();
        return names.isEmpty() ? "-" : String.join(",", names);
    }

    /** The Services the strategy names, first the one of the stable revision. */
    public List<String> services() {
        RolloutStrategy s = rollout.getSpec() == null ? null : rollout.getSpec().strategy;
        if (s == null) return List.of();
        if (s.canary != null) return List.of(String.valueOf(s.canary.stableService), String.valueOf(s.canary.canaryService));
        if (s.blueGreen != null) return List.of(String.valueOf(s.blueGreen.activeService), String.valueOf(s.blueGreen.previewService));
        if (s.abTesting != null) return List.of(String.valueOf(s.abTesting.variantAService), String.valueOf(s.abTesting.variantBService));
        return List.of();
    }

    /** The name of the HTTPRoute the strategy weights, or null. */
    public static String routeName(Rollout rollout) {
        RolloutStrategy s = rollout.getSpec() == null ? null : rollout.getSpec().strategy;
        if (s == null) return null;
        var routing = s.canary != null ? s.canary.trafficRouting : s.blueGreen != null ? s.blueGreen.trafficRouting
                : s.abTesting != null ? s.abTesting.trafficRouting : null;
        return routing == null || routing.gatewayAPI == null ? null : routing.gatewayAPI.httpRoute;
    }
}
