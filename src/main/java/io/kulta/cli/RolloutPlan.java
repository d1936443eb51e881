package io.kulta.cli;

import io.kulta.core.BlueGreenPlanner;
import io.kulta.core.CanaryPlanner;
import io.kulta.core.DurationParser;
import io.kulta.core.ReplicaSetState;
import io.kulta.core.ReplicaSplit;
import io.kulta.core.RevisionHash;
import io.kulta.core.RollingUpdate;
import io.kulta.model.AbTestingStrategy;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.BlueGreenStrategy;
import io.kulta.model.CanaryStep;
import io.kulta.model.CanaryStrategy;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code plan FILE}: what the controller will do with a new revision of this Rollout — each step's weight, the
 * replica split of core's {@link ReplicaSplit} (or {@link RollingUpdate} for simple), pauses, analysis gates, the
 * least time it can take, and every write it will make. Plain text from the model, for golden files.
 */
final class RolloutPlan {
    /** KULTA_TRAFFIC_SETTLE_SECONDS' default (application.properties, SPEC §6): a Service selects a revision this long before weight moves onto it. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final Rollout rollout;
    private final RolloutSpec spec;
    private final String name;
    private final int n;
    private final String revision;
    private final StringBuilder out = new StringBuilder();

    private RolloutPlan(Rollout rollout) {
        this.rollout = rollout;
        this.spec = rollout.getSpec();
        this.name = rollout.getMetadata().getName();
        this.n = spec.replicasOrDefault();
        this.revision = RevisionHash.of(spec.template);
    }

    /** The rollout must have passed validation. */
    static String render(Rollout rollout) {
        RolloutPlan p = new RolloutPlan(rollout);
        var s = p.spec.strategy;
        if (s.canary != null) p.canary(s.canary);
        else if (s.blueGreen != null) p.blueGreen(s.blueGreen);
        else if (s.abTesting != null) p.abTesting(s.abTesting);
        else p.simple(s.simple == null ? null : s.simple.analysis);
        return p.out.toString();
    }

    private void header(String strategy, String routing) {
        line("Rollout " + name + ": " + strategy + ", " + n + (n == 1 ? " replica" : " replicas") + ", " + routing);
        line("new revision " + revision + " (" + images() + ")");
        line("first deployment (no stable revision yet): ReplicaSet " + name + "-" + revision + " at " + n
                + " replicas, phase Completed, no steps");
        line("");
    }

    private void canary(CanaryStrategy c) {
        String route = c.trafficRouting == null || c.trafficRouting.gatewayAPI == null ? null : c.trafficRouting.gatewayAPI.httpRoute;
        header("canary", route == null ? "weights carried by replica counts (no trafficRouting)" : "weights on HTTPRoute " + route);
        line("a template change (stable revision S):");
        line(String.format("%-6s %-7s %-16s %-24s %s", "step", "weight", "stable/canary", "pause", "analysis"));
        int weight = 0;
        Duration minimum = route == null ? Duration.ZERO : SETTLE;
        int indefinite = 0;
        List<String> weights = new ArrayList<>();
        List<String> canaryCounts = new ArrayList<>();
        List<String> stableCounts = new ArrayList<>();
        for (int i = 0; i < c.steps.size(); i++) {
            CanaryStep step = c.steps.get(i);
            if (step.setWeight != null) weight = step.setWeight;
            int canary = ReplicaSplit.canary(n, weight);
            int stable = route == null ? ReplicaSplit.stable(n, weight) : ReplicaSplit.stableRouted(n, weight);
            String pause = "-";
            Duration wait = Duration.ZERO;
            if (step.pause != null && step.pause.duration == null) {
                pause = "until kulta.io/promote";
                indefinite++;
            } else if (step.pause != null) {
                wait = DurationParser.parse(step.pause.duration).orElseThrow();
                pause = DurationParser.format(wait);
            }
            String gate = "-";
            if (c.analysis != null && c.analysis.metrics != null && !c.analysis.metrics.isEmpty()) {
                Duration warmup = c.analysis.warmupDuration == null ? Duration.ZERO : DurationParser.parse(c.analysis.warmupDuration).orElseThrow();
                if (weight == 0) gate = "none (no traffic on the canary)";
                else if (step.pause != null) {
                    gate = "must pass before the pause ends" + (warmup.isZero() ? "" : " (warm-up " + DurationParser.format(warmup) + ")");
                    if (warmup.compareTo(wait) > 0) wait = warmup;
                } else gate = "in the background; a failure rolls back";
            }
            minimum = minimum.plus(wait);
            weights.add((100 - weight) + "/" + weight);
            stableCounts.add(String.valueOf(stable));
            canaryCounts.add(String.valueOf(canary));
            line(String.format("%-6s %-7s %-16s %-24s %s", i + 1, weight + "%", stable + "/" + canary, pause, gate));
        }
        line(String.format("%-6s %-7s %-16s %-24s %s", "done", "100%", "0/" + n, "-",
                "S keeps its pods " + delay(c.scaleDownDelaySeconds, CanaryPlanner.DEFAULT_SCALE_DOWN_DELAY_SECONDS) + " after the cutover"));
        weights.add("0/100");
        stableCounts.add("0");
        canaryCounts.add(String.valueOf(n));
        if (route != null) minimum = minimum.plus(SETTLE);
        if (c.analysis != null) analysisMetrics(c.analysis);
        line("");
        minimumTime(minimum, indefinite, route != null);
        line("");
        line("writes:");
        write("ReplicaSet " + name + "-" + revision + ": created, replicas " + String.join(" → ", canaryCounts));
        write("ReplicaSet " + name + "-S (the stable one): replicas " + n + " → " + String.join(" → ", stableCounts)
                + " (0 after scaleDownDelaySeconds)");
        write("Service " + c.canaryService + ": selector pod-template-hash=" + revision + " once it has an available pod; rollouts.kulta.io/type removed");
        write("Service " + c.stableService + ": selector pod-template-hash=" + revision + " at completion; rollouts.kulta.io/type removed");
        if (route != null)
            write("HTTPRoute " + route + ": in each rule naming " + c.stableService + " or " + c.canaryService + ", weights stable/canary "
                    + String.join(" → ", weights) + ", then 100/0 once " + c.stableService
                    + " selects the new revision; other rules, matches, filters, hostnames untouched");
        rolloutWrites();
    }

    private void blueGreen(BlueGreenStrategy b) {
        String route = b.trafficRouting == null || b.trafficRouting.gatewayAPI == null ? null : b.trafficRouting.gatewayAPI.httpRoute;
        header("blueGreen", route == null ? "traffic by the active Service's selector" : "traffic on HTTPRoute " + route + ", kept on the active Service");
        int preview = b.previewReplicaCount == null ? n : b.previewReplicaCount;
        boolean auto = b.autoPromotionEnabled == null || b.autoPromotionEnabled;
        int autoSeconds = b.autoPromotionSeconds == null ? 0 : b.autoPromotionSeconds;
        line("a template change (active revision S):");
        line("1. preview: ReplicaSet " + name + "-" + revision + " at " + preview + " replicas, " + b.previewService + " selects it; all traffic stays on S");
        if (b.analysis != null && b.analysis.metrics != null && !b.analysis.metrics.isEmpty())
            line("   analysis of the preview must pass before promotion (failing: phase Failed, preview scaled away)");
        line("2. promotion: " + (auto ? "automatic " + (autoSeconds == 0 ? "as soon as the preview is ready" : autoSeconds + "s after the preview is ready")
                : "waits for kulta.io/promote"));
        line("3. cutover: " + b.activeService + " selects " + revision + " (scaled to " + n + " first), S keeps its pods "
                + delay(b.scaleDownDelaySeconds, BlueGreenPlanner.DEFAULT_SCALE_DOWN_DELAY_SECONDS) + ", then 0");
        if (b.analysis != null) analysisMetrics(b.analysis);
        line("");
        minimumTime(Duration.ofSeconds(autoSeconds), auto ? 0 : 1, false);
        line("");
        line("writes:");
        write("ReplicaSet " + name + "-" + revision + ": created at " + preview + ", then " + n);
        write("ReplicaSet " + name + "-S: replicas " + n + " → 0 after scaleDownDelaySeconds");
        write("Service " + b.previewService + ": selector pod-template-hash=" + revision + "; rollouts.kulta.io/type removed");
        write("Service " + b.activeService + ": selector pod-template-hash=" + revision + " at promotion; rollouts.kulta.io/type removed");
        if (route != null) write("HTTPRoute " + route + ": rules naming " + b.activeService + " or " + b.previewService + " kept 100% on " + b.activeService);
        rolloutWrites();
    }

    private void abTesting(AbTestingStrategy a) {
        String route = a.trafficRouting.gatewayAPI.httpRoute;
        header("abTesting", "variant B's requests routed by HTTPRoute " + route);
        line("a template change (stable revision A):");
        line("1. variant B: ReplicaSet " + name + "-" + revision + " at " + n + " replicas beside A, " + a.variantBService + " selects it");
        List<String> matches = new ArrayList<>();
        if (a.variantBMatch.header != null) matches.add("header " + a.variantBMatch.header.name + "=" + a.variantBMatch.header.value);
        if (a.variantBMatch.cookie != null) matches.add("cookie " + a.variantBMatch.cookie.name + "=" + a.variantBMatch.cookie.value);
        line("2. experiment: requests with " + String.join(" or ", matches) + " go to B, all others to A");
        var analysis = a.analysis;
        String minDuration = analysis == null || analysis.minDuration == null ? null : analysis.minDuration;
        String metrics = analysis == null || analysis.metrics == null || analysis.metrics.isEmpty() ? "error-rate (lower is better)"
                : analysis.metrics.stream().map(m -> m.name + (m.direction == null ? "" : " (" + m.direction + " is better)")).collect(Collectors.joining(", "));
        line("   verdict by two-proportion Z-test on " + metrics + ", confidence "
                + (analysis == null || analysis.confidenceLevel == null ? "0.95" : RolloutTree.number(analysis.confidenceLevel))
                + ", at least " + (analysis == null || analysis.minSampleSize == null ? 30 : analysis.minSampleSize) + " requests per variant"
                + (minDuration == null ? "" : ", not before " + minDuration));
        line("3. conclusion: all significant metrics agree, or " + (a.maxDuration == null ? "kulta.io/conclude-experiment" : "maxDuration " + a.maxDuration + " (no winner: A kept)"));
        line("4. winner B: " + (Boolean.TRUE.equals(a.autoPromote) ? "promoted automatically" : "waits for kulta.io/promote")
                + "; winner A or none: B scaled to 0, A kept");
        line("");
        Duration minimum = minDuration == null ? Duration.ZERO : DurationParser.parse(minDuration).orElseThrow();
        minimumTime(minimum, Boolean.TRUE.equals(a.autoPromote) ? 0 : 1, false);
        line("");
        line("writes:");
        write("ReplicaSet " + name + "-" + revision + ": created at " + n + "; 0 if A is kept");
        write("ReplicaSet " + name + "-A: replicas " + n + " → 0 if B is promoted");
        write("Service " + a.variantBService + ": selector pod-template-hash=" + revision + "; rollouts.kulta.io/type removed");
        write("Service " + a.variantAService + ": selector pod-template-hash=" + revision + " if B is promoted; rollouts.kulta.io/type removed");
        write("HTTPRoute " + route + ": a copy of each rule naming " + a.variantAService + " with the variant match, named kulta-variant-b-<i>"
                + (a.variantBMatch.cookie != null ? " / kulta-variant-b-cookie-<i>" : "") + ", ahead of the user's rules, sending to "
                + a.variantBService + "; removed at the end; the user's rules untouched");
        rolloutWrites();
    }

    private void simple(AnalysisConfig analysis) {
        header("simple", "no traffic routing");
        RollingUpdate.Bounds bounds = RollingUpdate.Bounds.of(spec.maxSurge, spec.maxUnavailable, n);
        line("a template change (old revision S), " + bounds + ", each step once the new pods are available:");
        line(String.format("%-6s %s", "step", "S/new"));
        int old = n;
        int fresh = 0;
        List<String> news = new ArrayList<>();
        List<String> olds = new ArrayList<>();
        for (int step = 1; fresh < n || old > 0; step++) {
            Map<String, Integer> next = RollingUpdate.step(revision, new ReplicaSetState("new", revision, fresh, fresh, fresh, fresh),
                    List.of(new ReplicaSetState("old", "S", old, old, old, old)), n, bounds);
            if (next.get(revision) == fresh && next.get("S") == old) break;   // cannot move: validation should have said why
            fresh = next.get(revision);
            old = next.get("S");
            news.add(String.valueOf(fresh));
            olds.add(String.valueOf(old));
            line(String.format("%-6s %s", step, old + "/" + fresh));
        }
        if (analysis != null) {
            line("analysis in the background; failing metrics roll back to S within the same bounds");
            analysisMetrics(analysis);
        }
        line("");
        minimumTime(Duration.ZERO, 0, false);
        line("");
        line("writes:");
        write("ReplicaSet " + name + "-" + revision + ": created, replicas " + String.join(" → ", news));
        write("ReplicaSet " + name + "-S: replicas " + String.join(" → ", olds));
        rolloutWrites();
    }

    private void analysisMetrics(AnalysisConfig analysis) {
        if (analysis.metrics == null) return;
        for (AnalysisConfig.Metric m : analysis.metrics) {
            String bound = m.threshold != null ? "<= " + RolloutTree.number(m.threshold)
                    : (m.min != null ? ">= " + RolloutTree.number(m.min) : "") + (m.min != null && m.max != null ? " and " : "")
                    + (m.max != null ? "<= " + RolloutTree.number(m.max) : "");
            line("  metric " + m.name + " " + bound + (m.failureThreshold == null ? "" : ", rollback after " + m.failureThreshold + " failures in a row")
                    + (m.interval == null ? "" : ", every " + m.interval));
        }
    }

    private void minimumTime(Duration minimum, int indefinitePauses, boolean settles) {
        line("minimum time to Completed: " + DurationParser.format(minimum)
                + (settles ? " (timed pauses and warm-ups, plus " + DurationParser.format(SETTLE) + " selector settle twice)" : "")
                + (indefinitePauses == 0 ? "" : ", plus " + indefinitePauses + " wait" + (indefinitePauses == 1 ? "" : "s") + " for kulta.io/promote")
                + ", plus the time each step's pods take to become available");
    }

    private void rolloutWrites() {
        write("Rollout " + name + ": finalizer kulta.io/cleanup (first reconcile), status, the kulta.io/* annotations it acted on removed");
        write("Events on the Rollout for every transition (CDEvents and FALSE occurrences when enabled)");
    }

    private String images() {
        return spec.template.getSpec() == null ? "" : spec.template.getSpec().getContainers().stream()
                .map(c -> c.getName() + "=" + c.getImage()).collect(Collectors.joining(", "));
    }

    private static String delay(Integer seconds, int planners) {
        return (seconds == null ? planners : seconds) + "s";
    }

    private void write(String text) {
        line("- " + text);
    }

    private void line(String text) {
        out.append(text.stripTrailing()).append('\n');
    }
}
