package io.kulta.core;

import io.kulta.model.RolloutStatus;

import io.kulta.model.Phase;

import java.time.Duration;
import java.time.Instant;

/**
 * What every strategy's reconcile starts from once the spec is valid and its references exist: the
 * observation, a plan under construction (Valid=True), the previous status, the template's revision,
 * the desired replicas and the time.
 */
abstract class RolloutRun {
    final Observation o;
    final PlanBuilder p;
    final RolloutStatus prev;
    final String revision;
    final int replicas;
    final Instant now;

    RolloutRun(Observation o) {
        this.o = o;
        this.p = new PlanBuilder(o);
        this.prev = o.status();
        this.revision = o.revisionOfTemplate();
        this.replicas = o.rollout().getSpec().replicasOrDefault();
        this.now = o.now();
        Preconditions.valid(p);
    }

    /** The annotation is set to "true". */
    boolean requested(String annotation) {
        return "true".equals(o.annotation(annotation));
    }

    /** Acts on kulta.io/retry: removes it and records the new start. */
    void retry(String detail) {
        p.consume(Annotations.RETRY);
        p.transition(Transition.Action.STARTED, "retry of revision " + revision + " (kulta.io/retry)" + detail);
    }

    /**
     * Waiting for progress (SPEC §3 "progressDeadlineSeconds", every strategy): phase Progressing saying what it waits
     * for, looked at again at the deadline; once progressDeadlineSeconds (default 600, as Argo) have passed since
     * {@code since} without progress, phase Failed with Progressing=False ProgressDeadlineExceeded and one Warning
     * Event. Traffic stays where it is, and the rollout goes on by itself when the progress comes.
     *
     * @param since  when the wait began (RFC 3339), or null: no deadline
     * @param reason the Progressing reason while within the deadline
     */
    void waitForProgress(String waiting, String since, String reason) {
        waitForProgress(Phase.Progressing, waiting, since, reason);
    }

    /** As {@link #waitForProgress(String, String, String)}, in {@code waitingPhase} while within the deadline. */
    void waitForProgress(Phase waitingPhase, String waiting, String since, String reason) {
        Instant start = Timestamps.parse(since);
        Duration deadline = Duration.ofSeconds(progressDeadlineSeconds());
        if (start != null && !now.isBefore(start.plus(deadline))) {
            String message = waiting + "; no progress for " + DurationParser.format(deadline) + " (ProgressDeadlineExceeded)";
            if (prev.phase != Phase.Failed) p.transition(Transition.Action.PROGRESS_DEADLINE_EXCEEDED, message);
            p.phase(Phase.Failed, message);
            p.condition(Conditions.PROGRESSING, false, "ProgressDeadlineExceeded", message);
            return;
        }
        if (start != null) p.requeueAfter(Duration.between(now, start.plus(deadline)));
        p.phase(waitingPhase, waiting);
        p.condition(Conditions.PROGRESSING, true, reason, waiting);
    }

    private int progressDeadlineSeconds() {
        Integer seconds = o.rollout().getSpec().progressDeadlineSeconds;
        return seconds == null ? 600 : seconds;
    }

    /** Acts on kulta.io/abort: removes it and records what the abort does. */
    void abort(String what) {
        p.consume(Annotations.ABORT);
        p.transition(Transition.Action.ABORTED, "aborted by kulta.io/abort: " + what);
    }
}
