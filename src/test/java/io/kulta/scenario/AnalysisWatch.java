package io.kulta.scenario;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kulta.model.AnalysisConfig.FailurePolicy;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Every status of one canary Rollout, from the test's own watch, each checked against what SPEC §4 allows analysis
 * to do when Prometheus errors: an error is recorded as one (and counted in a row); a step is left only on a pass
 * at that step (or an error under failurePolicy Continue); a rollback needs a failing metric, or failurePolicy
 * Rollback and more errors in a row than consecutiveErrorLimit.
 */
final class AnalysisWatch implements AutoCloseable {
    private final FailurePolicy policy;
    private final int limit;
    private final int errorRateMinSamples;
    private final List<RolloutStatus> seen = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Watch watch;
    private volatile WatcherException closedBy;

    AnalysisWatch(KubernetesClient client, String namespace, String rollout, FailurePolicy policy, int limit, int errorRateMinSamples) {
        this.policy = policy;
        this.limit = limit;
        this.errorRateMinSamples = errorRateMinSamples;
        watch = client.resources(Rollout.class).inNamespace(namespace).withName(rollout).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Rollout r) {
                if ((action == Action.ADDED || action == Action.MODIFIED) && r.getStatus() != null) observe(r.getStatus());
            }

            @Override
            public void onClose(WatcherException cause) {
                closedBy = cause;
            }
        });
    }

    private synchronized void observe(RolloutStatus s) {
        RolloutStatus prev = seen.isEmpty() ? null : seen.get(seen.size() - 1);
        seen.add(s);
        AnalysisStatus a = s.lastAnalysis;
        String at = "status #" + seen.size() + " (" + s.phase + ", step " + s.currentStepIndex + ", " + describe(a) + ")";
        if (a != null && "Error".equals(a.verdict)) {
            if (a.message == null || !a.message.startsWith("Prometheus error")) violations.add(at + ": an error not reported as one");
            if (a.consecutiveErrors == null || a.consecutiveErrors < 1) violations.add(at + ": an error not counted");
        }
        if (a != null && !"Error".equals(a.verdict) && a.consecutiveErrors != null && a.consecutiveErrors != 0)
            violations.add(at + ": errors in a row not reset by an answer");
        if (a != null && a.metrics != null)
            for (AnalysisStatus.MetricResult r : a.metrics)
                if ("error-rate".equals(r.name) && "Pass".equals(r.verdict)
                        && (r.samples == null || !Double.isFinite(r.samples) || r.samples < errorRateMinSamples))
                    violations.add(at + ": error-rate passed on " + r.samples + " requests, minSampleSize " + errorRateMinSamples);
        if (s.phase == Phase.Failed && (prev == null || prev.phase != Phase.Failed)) {
            boolean metricFailed = a != null && "Fail".equals(a.verdict);
            boolean errorsBeyondLimit = a != null && "Error".equals(a.verdict) && policy == FailurePolicy.Rollback
                    && a.consecutiveErrors != null && a.consecutiveErrors > limit;
            if (!metricFailed && !errorsBeyondLimit) violations.add(at + ": rolled back without a failing metric or errors beyond the limit");
        }
        if (prev != null && prev.currentStepIndex != null && s.currentStepIndex != null && s.currentStepIndex > prev.currentStepIndex
                && Objects.equals(prev.canaryRevision, s.canaryRevision) && s.phase != Phase.Failed) {
            boolean allowed = a != null && Objects.equals(a.stepIndex, prev.currentStepIndex)
                    && ("Pass".equals(a.verdict) || "Error".equals(a.verdict) && policy == FailurePolicy.Continue);
            if (!allowed) violations.add(at + ": left step " + prev.currentStepIndex + " without a pass there"
                    + (policy == FailurePolicy.Continue ? " or an error" : ""));
        }
    }

    private static String describe(AnalysisStatus a) {
        return a == null ? "no analysis" : "analysis of step " + a.stepIndex + ": " + a.verdict + ", " + a.consecutiveErrors
                + " errors in a row, " + a.message;
    }

    List<RolloutStatus> seen() {
        if (closedBy != null) throw new IllegalStateException("the watch closed: it may have missed statuses", closedBy);
        return List.copyOf(seen);
    }

    /** The analyses of this revision seen, each once (a status write that kept the analysis repeats it). */
    List<AnalysisStatus> analyses(String revision) {
        List<AnalysisStatus> out = new java.util.ArrayList<>();
        String lastTime = null;
        for (RolloutStatus s : seen()) {
            AnalysisStatus a = s.lastAnalysis;
            if (a == null || !revision.equals(a.revision) || Objects.equals(a.time, lastTime)) continue;
            lastTime = a.time;
            out.add(a);
        }
        return out;
    }

    long count(String revision, Predicate<AnalysisStatus> which) {
        return analyses(revision).stream().filter(which).count();
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public void close() {
        watch.close();
    }
}
