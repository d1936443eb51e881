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

    /** A row of a phase that may not have run at this size (N = 10,000 runs the fleet phases only): "not run" then. */
    private static <T> Row row(String figure, Function<SizeResult, T> part, Function<T, String> show) {
        return new Row(figure, r -> {
            T t = part.apply(r);
            return t == null || t instanceof Double d && d.isNaN() ? "not run" : show.apply(t);
        });
    }

    private static final List<Row> ROWS = List.of(
            new Row("repetitions", r -> String.valueOf(r.repetitions())),
            row("limit: one step, all N (s)", SizeResult::limitSeconds, MarkdownReport::spread),
            row("controller: burst step, all N (s)", SizeResult::burstSeconds, MarkdownReport::spread),
            row("controller: promote step, all N (s)", SizeResult::promoteSeconds, MarkdownReport::spread),
            row("ratio burst / limit", SizeResult::burstToLimitRatio, MarkdownReport::num),
            row("ratio promote / limit", SizeResult::promoteToLimitRatio, MarkdownReport::num),
            row("single change: event → HTTPRoute patch p50 / p99 (ms)", SizeResult::singleChange,
                    l -> num(l.routePatchP50Ms()) + " / " + num(l.routePatchP99Ms())),
            row("single change: event → new ReplicaSet's first available pod (kubelet simulator) p50 / p99 (ms)", SizeResult::singleChange,
                    l -> num(l.canaryAvailableP50Ms()) + " / " + num(l.canaryAvailableP99Ms())),
            row("single change: that pod available → HTTPRoute patch p50 / p99 (ms)", SizeResult::singleChange,
                    l -> num(l.routeAfterAvailableP50Ms()) + " / " + num(l.routeAfterAvailableP99Ms())),
            row("single change: event → status write p50 / p99 (ms)", SizeResult::singleChange,
                    l -> num(l.statusWriteP50Ms()) + " / " + num(l.statusWriteP99Ms())),
            row("single change: event → Paused@20 p50 / p99 (ms)", SizeResult::singleChange,
                    l -> num(l.pausedP50Ms()) + " / " + num(l.pausedP99Ms())),
            row("burst step: writes per step (minimum)", SizeResult::burstRequests, MarkdownReport::writes),
            row("burst step: all requests per step", SizeResult::burstRequests, MarkdownReport::kinds),
            row("burst step: status writes per step, by what was new and the phase", SizeResult::burstRequests,
                    step -> perStep(step.statusWritesPerStep())),
            row("promote step: writes per step (minimum)", SizeResult::promoteRequests, MarkdownReport::writes),
            row("promote step: all requests per step", SizeResult::promoteRequests, MarkdownReport::kinds),
            row("promote step: status writes per step, by what was new and the phase", SizeResult::promoteRequests,
                    step -> perStep(step.statusWritesPerStep())),
            new Row("writes while settled (3 resyncs)", r -> String.valueOf(r.resync().writes())),
            new Row("CPU per resync (s)", r -> num(r.resync().cpuSecondsPerResync())),
            new Row("start-up to ready (s)", r -> num(r.startupToReadySeconds())),
            new Row("start-up to all Completed (s)", r -> num(r.firstDeploymentSeconds())),
            new Row("heap after GC: process / controller's share (MiB)",
                    r -> num(r.memory().heapAfterGcMiB()) + " / " + num(r.memory().controllerHeapMiB())),
            new Row("RSS (MiB)", r -> num(r.memory().rssMiB())),
            row("the controller alone (its own JVM, the container's flags): memory limit (MiB) / ready (s) / CPU per resync (s) / heap after GC / RSS (MiB) / writes",
                    SizeResult::alone, a -> a.memoryLimitMiB() + " / " + num(a.startupToReadySeconds()) + " / " + num(a.cpuSecondsPerResync())
                            + " / " + num(a.heapAfterGcMiB()) + " / " + num(a.rssMiB()) + " / " + a.writes()),
            new Row("GC: collections / seconds", r -> r.memory().gcCount() + " / " + num(r.memory().gcSeconds())),
            row("shared change to all Completed, no limit: s / most mid-rollout / requests / busiest second",
                    SizeResult::flowControl, f -> flow(f.unlimited())),
            row("the same with KULTA_MAX_CONCURRENT_ROLLOUTS = N/10", SizeResult::flowControl, f -> flow(f.limited())),
            new Row("analysis, all N under it: Prometheus requests per tick / tick (ms)", r -> r.analysis() != null
                    ? num(r.analysis().prometheusRequestsPerTick()) + " / " + num(r.analysis().tickMillis())
                    : r.flowControl() == null ? "not run" : "no prometheus"));

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
