package io.kulta.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.playground.KubeletSimulator;
import io.kulta.playground.PrometheusProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One fleet size on one tier, every figure from this one run (see README "Benchmark" for what each means). */
final class SizeRun {
    /**
     * Longer than the status pacing interval (kulta.statusObservationSeconds, 5 s), so a paced counters write of a
     * phase lands in that phase and is not counted in the next one.
     */
    private static final Duration QUIET = Duration.ofSeconds(6);
    private static final Duration QUIET_MAX = Duration.ofSeconds(60);
    private static final int RESYNC_PERIODS = 3;

    private final BenchTier tier;
    private final Path logDir;
    private final boolean allPhases;
    private final int size;
    private final int repetitions;
    private final int changes;
    private final int resyncSeconds;
    private final int workers;
    private final Duration timeout;
    private final PrometheusProcess prometheus;
    /** Pods are ready this long after their ReplicaSet changes; four threads write their status, for the limit and the controller alike. */
    static final Duration KUBELET_DELAY = Duration.ofMillis(50);
    static final int KUBELET_THREADS = 4;

    /**
     * @param allPhases every phase; otherwise only the fleet's: start-up, first deployment of all, resync, memory and
     *                  the controller alone (what N = 10,000 is run for: every Rollout settles, heap, resync CPU)
     */
    SizeRun(BenchTier tier, int size, int repetitions, int changes, int resyncSeconds, int workers, PrometheusProcess prometheus,
            Path logDir, boolean allPhases) {
        this.tier = tier;
        this.allPhases = allPhases;
        this.logDir = logDir;
        this.prometheus = prometheus;
        this.size = size;
        this.repetitions = repetitions;
        this.changes = Math.min(changes, size);
        this.resyncSeconds = resyncSeconds;
        this.workers = workers;
        this.timeout = Duration.ofSeconds(120 + size / 5);
    }

    SizeResult run() throws Exception {
        KubernetesClient harness = tier.harnessClient();
        try (KubeletSimulator kubelet = new KubeletSimulator(tier.harnessClient(), KUBELET_DELAY, KUBELET_THREADS)) {
            log("creating %d Rollouts, their Services and HTTPRoutes%s", size,
                    allPhases ? ", twice (the controller's fleet and the limit's)" : " (the fleet phases only)");
            Fleet fleet = new Fleet(harness, "bench-" + size, size).create();
            Limit limit = allPhases ? limit(harness) : null;
            double heapBefore = ProcessFigures.heapAfterGcMiB();
            long gcCount = ProcessFigures.gcCount();
            double gcSeconds = ProcessFigures.gcSeconds();
            try (FleetWatch watch = new FleetWatch(harness, fleet)) {
                long start = System.nanoTime();
                FlowControlRun flow = new FlowControlRun(tier, fleet, watch);
                double startupToReady;
                double firstDeployment;
                SizeResult.Resync resync;
                Cycles cycles = null;
                SizeResult.Latency latency = null;
                SizeResult.Memory memory;
                SizeResult.FlowControlRun unlimited = null;
                SizeResult.AnalysisTick analysis = null;
                try (ControllerUnderTest controller = ControllerUnderTest.start(tier.productionClient(), fleet.namespace(),
                        controllerProperties(0))) {
                    startupToReady = controller.startupToReadySeconds();
                    watch.awaitAll("Completed (first deployment)", timeout, FleetWatch.completed());
                    firstDeployment = (System.nanoTime() - start) / 1e9;
                    log("ready after %.2f s, first deployment of all after %.2f s", startupToReady, firstDeployment);
                    controller.awaitQuiet(QUIET, QUIET_MAX);
                    resync = resync();
                    double heap = ProcessFigures.heapAfterGcMiB();
                    double rss = ProcessFigures.rssMiB();
                    if (allPhases) {
                        cycles = cycles(fleet, watch, controller);
                        latency = latency(fleet, watch);
                    }
                    memory = new SizeResult.Memory(heap, heapBefore, heap - heapBefore, rss,
                            ProcessFigures.gcCount() - gcCount, ProcessFigures.gcSeconds() - gcSeconds);
                    if (allPhases) {
                        controller.awaitQuiet(QUIET, QUIET_MAX);
                        analysis = prometheus == null ? null
                                : new AnalysisRun(tier, fleet, watch, prometheus.url(), timeout).run(controller.context());
                        unlimited = flow.run("flow-off", 0, timeout);
                    }
                }
                SizeResult.FlowControlRun limited = null;
                if (allPhases) {
                    try (ControllerUnderTest controller = ControllerUnderTest.start(tier.productionClient(), fleet.namespace(),
                            controllerProperties(flowLimit()))) {
                        controller.awaitQuiet(QUIET, QUIET_MAX);
                        limited = flow.run("flow-on", flowLimit(), limitedTimeout(unlimited));
                        controller.awaitQuiet(QUIET, QUIET_MAX);   // its paced counter writes land: the fleet is settled
                    }
                }
                SizeResult.Alone alone = alone(fleet);
                if (!allPhases) {
                    return new SizeResult(tier.name(), size, repetitions, workers, null, null, null, Double.NaN, Double.NaN,
                            null, null, null, null, resync, startupToReady, firstDeployment, memory, null, null, alone);
                }
                return new SizeResult(tier.name(), size, repetitions, workers, limit.seconds, cycles.burst, cycles.promote,
                        cycles.burst.median() / limit.seconds.median(), cycles.promote.median() / limit.seconds.median(),
                        limit.writesPerRollout, stepRequests(StepMinimum.FIRST_STEP, cycles.burstRequests, cycles.burstStatusWrites),
                        stepRequests(StepMinimum.PROMOTED_STEP, cycles.promoteRequests, cycles.promoteStatusWrites),
                        latency, resync, startupToReady, firstDeployment, memory,
                        new SizeResult.FlowControl(unlimited, limited), analysis, alone);
            }
        }
    }

    private record Limit(Spread seconds, Map<String, Double> writesPerRollout) {
    }

    /** A bare client doing the minimum writes of one step, on a fleet of its own, {@code repetitions} times. */
    private Limit limit(KubernetesClient harness) throws Exception {
        Fleet limitFleet = new Fleet(harness, "bench-limit-" + size, size).create();
        CountingInterceptor limitCounter = new CountingInterceptor();
        List<Double> limitRuns = new ArrayList<>();
        try (LimitRun limit = new LimitRun(tier.harnessClient(limitCounter), limitFleet, workers)) {
            for (int rep = 1; rep <= repetitions; rep++) limitRuns.add(limit.step("l" + rep));
        }
        log("limit: %s s", limitRuns);
        return new Limit(Spread.of(limitRuns),
                limitCounter.snapshot().only(k -> !k.resource().isEmpty() && k.isWrite()).per(size * repetitions));
    }

    /**
     * The controller in its own JVM with the container's flags and memory limit, started over the settled fleet: how
     * soon it is ready, its CPU per resync over the {@value #RESYNC_PERIODS} periods after the one its start-up reconcile
     * of all N falls in, and then its heap (with a class histogram beside its log) and RSS.
     */
    private SizeResult.Alone alone(Fleet fleet) throws Exception {
        Path log = logDir.resolve("controller-alone-" + tier.name() + "-" + size + ".log").toAbsolutePath();
        int memoryLimit = ControllerProcess.memoryLimitMiB(size);
        List<String> flags = ControllerProcess.jvmFlags(memoryLimit);
        RequestCounts before = tier.controllerRequests();
        try (ControllerProcess process = ControllerProcess.start(tier.kubeconfig(), fleet.namespace(), flags,
                ControllerProcess.environment(controllerProperties(0)), log)) {
            Waits.sleep(resyncSeconds * 1000L);
            double cpu = process.cpuSeconds();
            Waits.sleep(RESYNC_PERIODS * resyncSeconds * 1000L + 500);
            double cpuPerResync = (process.cpuSeconds() - cpu) / RESYNC_PERIODS;
            double heap = process.heapAfterGcMiB();
            double rss = process.rssMiB();
            process.writeClassHistogram(log.resolveSibling(log.getFileName().toString().replace(".log", ".histogram.txt")));
            // replicasets/status is the kubelet simulator's (the controller never writes it): on the real tier the API
            // server's totals and the simulator's own count are read a moment apart
            RequestCounts written = tier.controllerRequests().minus(before)
                    .only(k -> k.isWrite() && StepMinimum.ROLLOUT_RESOURCES.contains(k.resource())
                            && !(k.resource().equals("replicasets") && k.subresource().equals("status")));
            long writes = written.total();
            log("the controller alone (%s): ready after %.2f s, %.3f CPU s per resync, heap after GC %.1f MiB, RSS %.1f MiB, %d writes %s",
                    String.join(" ", flags), process.startupToReadySeconds(), cpuPerResync, heap, rss, writes, written.counts());
            return new SizeResult.Alone(String.join(" ", flags), memoryLimit, process.startupToReadySeconds(), cpuPerResync,
                    heap, rss, writes);
        }
    }

    /** N/limit waves, none slower than the unlimited run's burst: a bound that only a stuck queue reaches. */
    private Duration limitedTimeout(SizeResult.FlowControlRun unlimited) {
        long waves = Math.max(1, size / flowLimit());
        return Duration.ofSeconds(Math.max(timeout.toSeconds(), Math.round(waves * unlimited.secondsToComplete())));
    }

    /** KULTA_MAX_CONCURRENT_ROLLOUTS for the flow-control run: a tenth of the fleet. */
    private int flowLimit() {
        return Math.max(1, size / 10);
    }

    private Map<String, String> controllerProperties(int maxConcurrentRollouts) {
        return Map.of("kulta.resyncSeconds", String.valueOf(resyncSeconds), "kulta.workers", String.valueOf(workers),
                "kulta.trafficSettleSeconds", "0", "kulta.maxConcurrentRollouts", String.valueOf(maxConcurrentRollouts),
                "kulta.analysisInterval", AnalysisRun.INTERVAL.toSeconds() + "s",
                "kulta.prometheusAddress", prometheus == null ? "" : prometheus.url());
    }

    private record Cycles(Spread burst, Spread promote, RequestCounts burstRequests, RequestCounts promoteRequests,
                          Map<String, Double> burstStatusWrites, Map<String, Double> promoteStatusWrites) {
    }

    /** Per repetition: all templates change → Paused@20; promote all → Paused@50; promote all → Completed (not timed). */
    private Cycles cycles(Fleet fleet, FleetWatch watch, ControllerUnderTest controller) {
        List<Double> burst = new ArrayList<>();
        List<Double> promote = new ArrayList<>();
        RequestCounts burstRequests = RequestCounts.NONE;
        RequestCounts promoteRequests = RequestCounts.NONE;
        Map<String, Double> burstStatusWrites = new TreeMap<>();
        Map<String, Double> promoteStatusWrites = new TreeMap<>();
        for (int rep = 1; rep <= repetitions; rep++) {
            RequestCounts before = tier.controllerRequests();
            Map<String, Double> statusBefore = controller.statusWrites();
            long start = System.nanoTime();
            fleet.changeTemplates("r" + rep);
            watch.awaitAll("Paused at weight 20", timeout, FleetWatch.pausedAtWeight(20));
            burst.add((System.nanoTime() - start) / 1e9);
            controller.awaitQuiet(QUIET, QUIET_MAX);
            RequestCounts afterBurst = tier.controllerRequests();
            Map<String, Double> statusAfterBurst = controller.statusWrites();
            start = System.nanoTime();
            fleet.promoteAll();
            watch.awaitAll("Paused at weight 50", timeout, FleetWatch.pausedAtWeight(50));
            promote.add((System.nanoTime() - start) / 1e9);
            controller.awaitQuiet(QUIET, QUIET_MAX);
            RequestCounts afterPromote = tier.controllerRequests();
            Map<String, Double> statusAfterPromote = controller.statusWrites();
            fleet.promoteAll();
            watch.awaitAll("Completed", timeout, FleetWatch.completed());
            controller.awaitQuiet(QUIET, QUIET_MAX);
            burstRequests = burstRequests.plus(afterBurst.minus(before));
            promoteRequests = promoteRequests.plus(afterPromote.minus(afterBurst));
            addDifference(burstStatusWrites, statusAfterBurst, statusBefore);
            addDifference(promoteStatusWrites, statusAfterPromote, statusAfterBurst);
            log("repetition %d: burst %.2f s, promote %.2f s", rep, burst.get(rep - 1), promote.get(rep - 1));
        }
        return new Cycles(Spread.of(burst), Spread.of(promote), burstRequests, promoteRequests, burstStatusWrites, promoteStatusWrites);
    }

    private static void addDifference(Map<String, Double> into, Map<String, Double> after, Map<String, Double> before) {
        after.forEach((kind, n) -> {
            double difference = n - before.getOrDefault(kind, 0.0);
            if (difference > 0) into.merge(kind, difference, Double::sum);
        });
    }

    private SizeResult.StepRequests stepRequests(StepMinimum minimum, RequestCounts requests, Map<String, Double> statusWrites) {
        int steps = size * repetitions;
        RequestCounts rollout = requests.only(k -> StepMinimum.ROLLOUT_RESOURCES.contains(k.resource()));
        RequestCounts writes = rollout.only(k -> k.isWrite() && !k.isEvent());
        return new SizeResult.StepRequests(minimum.step(), steps, rollout.per(steps), (double) writes.total() / steps,
                minimum.writes(), (double) rollout.only(RequestKind::isEvent).total() / steps,
                minimum.extraWrites(requests, steps), minimum.missingWrites(requests, steps),
                requests.only(k -> !StepMinimum.ROLLOUT_RESOURCES.contains(k.resource())).per(steps), perStep(statusWrites, steps));
    }

    private static Map<String, Double> perStep(Map<String, Double> counts, int steps) {
        Map<String, Double> per = new TreeMap<>();
        counts.forEach((kind, n) -> per.put(kind, n / steps));
        return per;
    }

    /** A settled fleet left alone for {@value #RESYNC_PERIODS} resync periods: what the controller wrote and its CPU. */
    private SizeResult.Resync resync() {
        RequestCounts before = tier.controllerRequests();
        double cpu = ProcessFigures.processCpuSeconds();
        Waits.sleep(RESYNC_PERIODS * resyncSeconds * 1000L + 500);
        double cpuPerResync = (ProcessFigures.processCpuSeconds() - cpu) / RESYNC_PERIODS;
        RequestCounts during = tier.controllerRequests().minus(before)
                .only(k -> StepMinimum.ROLLOUT_RESOURCES.contains(k.resource()));
        RequestCounts writes = during.only(RequestKind::isWrite);
        Map<String, Long> kinds = new TreeMap<>();
        writes.counts().forEach((kind, n) -> kinds.put(kind.label(), n));
        log("resync: %d writes over %d periods, %.3f CPU s per resync", writes.total(), RESYNC_PERIODS, cpuPerResync);
        return new SizeResult.Resync(RESYNC_PERIODS, resyncSeconds, writes.total(), kinds,
                during.total() - writes.total(), cpuPerResync);
    }

    /** One template change at a time on distinct Rollouts of the settled fleet, each waited for until Paused@20. */
    private SizeResult.Latency latency(Fleet fleet, FleetWatch watch) {
        List<Double> route = new ArrayList<>();
        List<Double> status = new ArrayList<>();
        List<Double> paused = new ArrayList<>();
        List<Double> available = new ArrayList<>();
        List<Double> afterAvailable = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            String name = fleet.names().get(i);
            FleetWatch.Probe probe = watch.probe(name);
            fleet.changeTemplate(name, "single-" + i);
            Waits.until(name + " Paused at weight 20 after a single change", timeout,
                    () -> probe.routePatched != 0 && probe.statusWritten != 0 && probe.pausedSeen != 0,
                    watch::summary);
            route.add((probe.routePatched - probe.templateSeen) / 1e6);
            status.add((probe.statusWritten - probe.templateSeen) / 1e6);
            paused.add((probe.pausedSeen - probe.templateSeen) / 1e6);
            if (probe.canaryAvailable != 0) {
                available.add((probe.canaryAvailable - probe.templateSeen) / 1e6);
                afterAvailable.add((probe.routePatched - probe.canaryAvailable) / 1e6);
            }
        }
        log("single changes: %d", changes);
        return new SizeResult.Latency(changes, Percentiles.of(route, 50), Percentiles.of(route, 99),
                Percentiles.of(status, 50), Percentiles.of(status, 99), Percentiles.of(paused, 50), Percentiles.of(paused, 99),
                Percentiles.of(available, 50), Percentiles.of(available, 99), Percentiles.of(afterAvailable, 50), Percentiles.of(afterAvailable, 99));
    }

    private void log(String format, Object... args) {
        System.err.printf("bench [%s, N=%d] %s%n", tier.name(), size, format.formatted(args));
    }
}
