package io.kulta.bench;

import java.util.List;
import java.util.Map;

/** Every figure of one fleet size on one tier; times in seconds unless the name says ms, memory in MiB. */
public record SizeResult(
        String tier,
        int rollouts,
        int repetitions,
        int workers,
        /* the bare client's step for all N, one entry per repetition */
        Spread limitSeconds,
        /* the controller: template change on all N → all Paused at weight 20 */
        Spread burstSeconds,
        /* promote annotation on all N → all Paused at weight 50 */
        Spread promoteSeconds,
        double burstToLimitRatio,
        double promoteToLimitRatio,
        Map<String, Double> limitRequestsPerRollout,
        StepRequests burstRequests,
        StepRequests promoteRequests,
        Latency singleChange,
        Resync resync,
        double startupToReadySeconds,
        double firstDeploymentSeconds,
        Memory memory,
        /* a shared change promoted in full as each Rollout pauses: without a limit and with KULTA_MAX_CONCURRENT_ROLLOUTS */
        FlowControl flowControl,
        /* N Rollouts under analysis against a real Prometheus; null when none is on the PATH */
        AnalysisTick analysis,
        /* the controller in its own JVM, as its container runs it, started over the settled fleet */
        Alone alone) {

    /**
     * The controller alone: its JVM flags under the container's memory limit, start-up to ready, CPU per resync over 3
     * resyncs, heap after a full GC and RSS after them, and its writes meanwhile.
     */
    public record Alone(String jvmFlags, int memoryLimitMiB, double startupToReadySeconds, double cpuSecondsPerResync,
                        double heapAfterGcMiB, double rssMiB, long writes) {
    }

    /** Over {@code ticks} analysis ticks with all N Rollouts under analysis. */
    public record AnalysisTick(int rolloutsUnderAnalysis, long ticks, double prometheusRequestsPerTick, double tickMillis) {
    }

    /** The same shared change without and with fleet flow control. */
    public record FlowControl(FlowControlRun unlimited, FlowControlRun limited) {
    }

    /** One shared change to completion: time, the most Rollouts mid-rollout at once, the controller's requests. */
    public record FlowControlRun(int limit, double secondsToComplete, int peakMidRollout, long requests, long writes,
                                 long busiestSecondRequests) {
    }

    /** Requests per Rollout step, by kind, against {@link StepMinimum}. */
    public record StepRequests(String step, int steps, Map<String, Double> perStep, double writesPerStep, int minimumWrites,
                               double eventsPerStep, List<String> extraWrites, List<String> missingWrites,
                               Map<String, Double> otherPerStep, Map<String, Double> statusWritesPerStep) {
    }

    /**
     * One template change at a time in a settled fleet; from the watch event of the change. The route patch waits for
     * the new revision's first available pod (SPEC §3), which the kubelet simulator reports: {@code canaryAvailable}
     * is that wait, {@code routeAfterAvailable} the controller's own part after it.
     */
    public record Latency(int changes, double routePatchP50Ms, double routePatchP99Ms, double statusWriteP50Ms,
                          double statusWriteP99Ms, double pausedP50Ms, double pausedP99Ms,
                          double canaryAvailableP50Ms, double canaryAvailableP99Ms,
                          double routeAfterAvailableP50Ms, double routeAfterAvailableP99Ms) {
    }

    /** A settled fleet over {@code periods} resync periods. */
    public record Resync(int periods, int resyncSeconds, long writes, Map<String, Long> writeKinds, long reads,
                         double cpuSecondsPerResync) {
    }

    /** Heap after GC with the controller running and before it started (the harness and, on the mock, its store). */
    public record Memory(double heapAfterGcMiB, double heapBeforeControllerMiB, double controllerHeapMiB, double rssMiB,
                         long gcCount, double gcSeconds) {
    }
}
