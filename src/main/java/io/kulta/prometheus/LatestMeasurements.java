package io.kulta.prometheus;

import io.kulta.core.analysis.AbQueryBatcher;
import io.kulta.core.analysis.AbTarget;
import io.kulta.core.analysis.AnalysisTarget;
import io.kulta.core.analysis.Measurement;
import io.kulta.core.analysis.PromAnswer;
import io.kulta.core.analysis.QueryBatcher;
import io.kulta.queue.WorkQueue;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest measurement of each Rollout. The analysis route records a tick's answers here and wakes
 * the Rollouts; their next reconcile turns the measurement into verdicts and writes them to the status
 * (where failure counts survive restarts).
 */
public final class LatestMeasurements {
    private final Map<String, Measurement> latest = new ConcurrentHashMap<>();
    private final WorkQueue queue;
    private final Clock clock;

    public LatestMeasurements(WorkQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    /** One address's answers of a tick: the batches, and the per-Rollout retries of rejected ones. */
    public void record(List<AnalysisTarget> targets, List<PromAnswer> answers, List<PromAnswer> retried) {
        var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<PromAnswer> all = new java.util.ArrayList<>(answers);
        all.addAll(retried);
        QueryBatcher.split(targets, all, now).forEach((key, m) -> {
            latest.put(key, m);
            queue.add(key);
        });
    }

    /** The answers of an A/B tick (and of the rejected batches asked again per experiment), one measurement per experiment. */
    public void recordExperiments(List<AbTarget> targets, List<PromAnswer> answers, List<PromAnswer> retried) {
        var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<PromAnswer> all = new java.util.ArrayList<>(answers);
        all.addAll(retried);
        AbQueryBatcher.split(targets, all, now).forEach((key, m) -> {
            latest.put(key, m);
            queue.add(key);
        });
    }

    public Measurement latest(String key) {
        return latest.get(key);
    }

    public void forget(String key) {
        latest.remove(key);
    }

    public int size() {
        return latest.size();
    }
}
