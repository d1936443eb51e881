package io.kulta.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The results as a Markdown table: one column per tier and size, one row per figure. */
final class MarkdownReport {
    private MarkdownReport() {
    }

    private record Row(String figure, Function<SizeResult, String> value) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("repetitions", r -> String.valueOf(r.repetitions())),
            new Row("limit: one step, all N (s)", r -> spread(r.limitSeconds())),
            new Row("controller: burst step, all N (s)", r -> spread(r.burstSeconds())),
            new Row("controller: promote step, all N (s)", r -> spread(r.promoteSeconds())),
            new Row("ratio burst / limit", r -> num(r.burstToLimitRatio())),
            new Row("ratio promote / limit", r -> num(r.promoteToLimitRatio())),
            new Row("single change: event → HTTPRoute patch p50 / p99 (ms)",
                    r -> num(r.singleChange().routePatchP50Ms()) + " / " + num(r.singleChange().routePatchP99Ms())),
            new Row("single change: event → new ReplicaSet's first available pod (kubelet simulator) p50 / p99 (ms)",
                    r -> num(r.singleChange().canaryAvailableP50Ms()) + " / " + num(r.singleChange().canaryAvailableP99Ms())),
            new Row("single change: that pod available → HTTPRoute patch p50 / p99 (ms)",
                    r -> num(r.singleChange().routeAfterAvailableP50Ms()) + " / " + num(r.singleChange().routeAfterAvailableP99Ms())),
            new Row("single change: event → status write p50 / p99 (ms)",
                    r -> num(r.singleChange().statusWriteP50Ms()) + " / " + num(r.singleChange().statusWriteP99Ms())),
            new Row("single change: event → Paused@20 p50 / p99 (ms)",
                    r -> num(r.singleChange().pausedP50Ms()) + " / " + num(r.singleChange().pausedP99Ms())),
            new Row("burst step: writes per step (minimum)", r -> writes(r.burstRequests())),
            new Row("burst step: all requests per step", r -> kinds(r.burstRequests())),
            new Row("burst step: status writes per step, by what was new and the phase", r -> perStep(r.burstRequests().statusWritesPerStep())),
            new Row("promote step: writes per step (minimum)", r -> writes(r.promoteRequests())),
            new Row("promote step: all requests per step", r -> kinds(r.promoteRequests())),
            new Row("promote step: status writes per step, by what was new and the phase", r -> perStep(r.promoteRequests().statusWritesPerStep())),
            new Row("writes while settled (3 resyncs)", r -> String.valueOf(r.resync().writes())),
            new Row("CPU per resync (s)", r -> num(r.resync().cpuSecondsPerResync())),
            new Row("start-up to ready (s)", r -> num(r.startupToReadySeconds())),
            new Row("start-up to all Completed (s)", r -> num(r.firstDeploymentSeconds())),
            new Row("heap after GC: process / controller's share (MiB)",
                    r -> num(r.memory().heapAfterGcMiB()) + " / " + num(r.memory().controllerHeapMiB())),
            new Row("RSS (MiB)", r -> num(r.memory().rssMiB())),
            new Row("the controller alone (its own JVM, the container's flags and 512 MiB): ready (s) / heap after GC / RSS (MiB) / writes",
                    r -> r.alone() == null ? "not run" : num(r.alone().startupToReadySeconds()) + " / " + num(r.alone().heapAfterGcMiB())
                            + " / " + num(r.alone().rssMiB()) + " / " + r.alone().writes()),
            new Row("GC: collections / seconds", r -> r.memory().gcCount() + " / " + num(r.memory().gcSeconds())),
            new Row("shared change to all Completed, no limit: s / most mid-rollout / requests / busiest second",
                    r -> flow(r.flowControl().unlimited())),
            new Row("the same with KULTA_MAX_CONCURRENT_ROLLOUTS = N/10", r -> flow(r.flowControl().limited())),
            new Row("analysis, all N under it: Prometheus requests per tick / tick (ms)", r -> r.analysis() == null ? "no prometheus"
                    : num(r.analysis().prometheusRequestsPerTick()) + " / " + num(r.analysis().tickMillis())));

    private static String flow(SizeResult.FlowControlRun f) {
        return num(f.secondsToComplete()) + " / " + f.peakMidRollout() + " / " + f.requests() + " / " + f.busiestSecondRequests();
    }

    static String table(List<SizeResult> results) {
        StringBuilder out = new StringBuilder("| figure |");
        results.forEach(r -> out.append(" ").append(r.tier()).append(", N = ").append(r.rollouts()).append(" |"));
        out.append("\n|---|").append("---|".repeat(results.size())).append('\n');
        for (Row row : ROWS) {
            out.append("| ").append(row.figure()).append(" |");
            results.forEach(r -> out.append(" ").append(row.value().apply(r)).append(" |"));
            out.append('\n');
        }
        return out.toString();
    }

    private static String writes(SizeResult.StepRequests step) {
        return num(step.writesPerStep()) + " (" + step.minimumWrites() + "), events " + num(step.eventsPerStep());
    }

    private static String kinds(SizeResult.StepRequests step) {
        return perStep(step.perStep());
    }

    private static String perStep(java.util.Map<String, Double> counts) {
        StringBuilder out = new StringBuilder();
        counts.forEach((kind, n) -> out.append(out.isEmpty() ? "" : "<br>").append(kind).append(" ").append(num(n)));
        return out.toString();
    }

    private static String spread(Spread s) {
        return s.runs().size() == 1 ? num(s.median()) : num(s.median()) + " (" + num(s.min()) + "–" + num(s.max()) + ")";
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, d >= 100 ? "%.0f" : d >= 10 ? "%.1f" : "%.2f", d);
    }
}
