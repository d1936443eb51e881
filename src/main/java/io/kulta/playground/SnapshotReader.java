package io.kulta.playground;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kulta.core.Labels;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads a scenario's Rollout, its ReplicaSets, its last Event and the simulator's traffic into a {@link RolloutSnapshot}. */
final class SnapshotReader {
    private SnapshotReader() {
    }

    static RolloutSnapshot read(Scenario scenario, ScenarioContext ctx, io.fabric8.kubernetes.client.KubernetesClient client) {
        Rollout r = ctx.rollout();
        RolloutStatus s = r == null || r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        String strategy = r == null ? "-" : String.join(",", r.getSpec().strategy.configured());
        int steps = r != null && r.getSpec().strategy.canary != null && r.getSpec().strategy.canary.steps != null
                ? r.getSpec().strategy.canary.steps.size() : 0;
        int step = steps == 0 || s.currentStepIndex == null ? 0 : Math.min(steps, s.currentStepIndex + 1);
        return new RolloutSnapshot(scenario.name().cliName(), scenario.rollout(), strategy,
                s.phase == null ? "Pending" : s.phase.name(), step, steps, newRevisionWeight(s),
                revisions(ctx, client, s), decision(client, scenario.rollout(), s));
    }

    /** status.currentWeight, except once Completed: the new revision is then the stable one and carries it all. */
    static int newRevisionWeight(RolloutStatus s) {
        if (s.phase == io.kulta.model.Phase.Completed || s.currentWeight == null) return 0;
        return s.currentWeight;
    }

    private static List<RolloutSnapshot.Revision> revisions(ScenarioContext ctx, io.fabric8.kubernetes.client.KubernetesClient client,
                                                            RolloutStatus s) {
        Map<String, RevisionTraffic> traffic = ctx.traffic().traffic(client.getNamespace(), ctx.rolloutName()).stream()
                .collect(Collectors.toMap(RevisionTraffic::revision, Function.identity(), (a, b) -> a));
        List<RolloutSnapshot.Revision> out = new ArrayList<>();
        for (ReplicaSet rs : client.apps().replicaSets().withLabel(Labels.ROLLOUT, ctx.rolloutName()).list().getItems()) {
            String hash = rs.getMetadata().getLabels().get(Labels.POD_TEMPLATE_HASH);
            int desired = rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
            int ready = rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
            boolean stable = hash.equals(s.stableRevision);
            boolean current = hash.equals(s.canaryRevision) || hash.equals(s.previewRevision);
            if (!stable && !current && desired == 0 && ready == 0) continue;
            RevisionTraffic t = traffic.get(hash);
            out.add(new RolloutSnapshot.Revision(stable ? "stable" : current ? "new" : "old", hash, ScenarioContext.imageOf(rs),
                    ready, desired, t == null ? 0 : t.requestsPerSecond(), t == null ? 0 : t.errorRate()));
        }
        out.sort(Comparator.comparing(v -> !v.role().equals("stable")));
        return out;
    }

    /** The status message (the last Event's when there is none), and the last Event's reason. */
    private static String decision(io.fabric8.kubernetes.client.KubernetesClient client, String rollout, RolloutStatus s) {
        Event last = client.v1().events().list().getItems().stream()
                .filter(e -> e.getInvolvedObject() != null && rollout.equals(e.getInvolvedObject().getName()))
                .max(Comparator.comparing(SnapshotReader::time)).orElse(null);
        String message = s.message != null ? s.message : last == null ? "" : Objects.toString(last.getMessage(), "");
        return last == null ? message : message + " (last event: " + last.getReason() + ")";
    }

    private static String time(Event e) {
        if (e.getLastTimestamp() != null) return e.getLastTimestamp();
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) return e.getEventTime().getTime();
        return Objects.toString(e.getMetadata().getCreationTimestamp(), "");
    }
}
