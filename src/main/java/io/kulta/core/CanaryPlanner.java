package io.kulta.core;

import io.kulta.model.CanaryStep;
import io.kulta.model.CanaryStrategy;
import io.kulta.model.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.kulta.core.Transition.Action.ABORTED;
import static io.kulta.core.Transition.Action.COMPLETED;
import static io.kulta.core.Transition.Action.PAUSED;
import static io.kulta.core.Transition.Action.PROMOTED;
import static io.kulta.core.Transition.Action.ROLLED_BACK;
import static io.kulta.core.Transition.Action.STARTED;
import static io.kulta.core.Transition.Action.STEP_ADVANCED;

/**
 * The canary strategy (SPEC §3 "Canary"): the new revision takes the weight of each step in turn,
 * replicas split by {@link ReplicaSplit}, a step's weight shifts only once the canary has the replicas
 * for it, pauses wait for their time or for kulta.io/promote, and after the last step the canary
 * becomes stable.
 */
public final class CanaryPlanner implements StrategyPlanner {

    @Override
    public Plan plan(Observation o) {
        Optional<Plan> blocked = Preconditions.invalid(o);
        if (blocked.isPresent()) return blocked.get();
        CanaryStrategy c = o.rollout().getSpec().strategy.canary;
        blocked = Preconditions.missingReferences(o, List.of(c.stableService, c.canaryService), routeName(c));
        if (blocked.isPresent()) return blocked.get();

        Canary run = new Canary(o, c);
        String stable = o.status().stableRevision;
        if (stable == null || o.replicaSet(stable).isEmpty()) return run.firstDeployment();
        if (stable.equals(run.revision)) return run.steady(stable);
        return run.progress(stable);
    }

    static String routeName(CanaryStrategy c) {
        return c.trafficRouting == null || c.trafficRouting.gatewayAPI == null ? null : c.trafficRouting.gatewayAPI.httpRoute;
    }

    /** One reconcile of one canary Rollout. */
    private static final class Canary extends RolloutRun {
        final CanaryStrategy c;
        final List<CanaryStep> steps;

        Canary(Observation o, CanaryStrategy c) {
            super(o);
            this.c = c;
            this.steps = c.steps;
        }

        /** No stable revision yet: the template becomes stable at full size, without steps. */
        Plan firstDeployment() {
            StableRevision.firstDeployment(p, revision, replicas);
            return steady(revision);
        }

        /** The template is the stable revision: everything on it, any canary scaled away. */
        Plan steady(String stable) {
            p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS, Annotations.ABORT, Annotations.RETRY);
            if (StableRevision.revertsRollout(prev, stable))
                p.transition(ABORTED, "template reverted to stable revision " + stable + "; canary " + prev.canaryRevision + " scaled to 0");
            allOnStable(stable);
            p.status.canaryRevision = null;
            p.status.pauseStartTime = null;
            p.status.stepStartTime = null;
            p.status.currentStepIndex = steps.size();
            p.status.currentWeight = 100;
            StableRevision.settle(p, stable, replicas, "stable");
            return p.build();
        }

        /** A new revision is on its way: the steps. */
        Plan progress(String stable) {
            boolean newRollout = !revision.equals(prev.canaryRevision);
            int index = newRollout ? 0 : clamp(prev.currentStepIndex);
            int appliedWeight = newRollout || prev.currentWeight == null ? 0 : prev.currentWeight;
            Instant pauseStart = newRollout ? null : Timestamps.parse(prev.pauseStartTime);
            p.status.canaryRevision = revision;

            if (newRollout) {
                p.status.progressStartedAt = Timestamps.format(now);
                p.status.stepStartTime = Timestamps.format(now);
                p.transition(STARTED, "rollout of revision " + revision + " started (stable " + stable + ", "
                        + steps.size() + " steps)"
                        + (prev.canaryRevision != null && !prev.canaryRevision.equals(stable)
                        ? "; abandoned canary " + prev.canaryRevision : ""));
            } else if (prev.phase == Phase.Aborted || Analysis.rolledBack(prev)) {
                if (!requested(Annotations.RETRY))
                    return prev.phase == Phase.Aborted ? aborted(stable) : rolledBack(stable, null);
                index = 0;
                appliedWeight = 0;
                pauseStart = null;
                p.status.stepStartTime = Timestamps.format(now);
                p.status.lastAnalysis = null;
                retry("");
            }
            p.consume(Annotations.RETRY);
            if (requested(Annotations.ABORT)) {
                abort("all traffic back on stable revision " + stable);
                return aborted(stable);
            }
            String promote = o.annotation(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS);
            if ("full".equals(promote)) {
                p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS);
                p.transition(PROMOTED, "fully promoted by kulta.io/promote=full: skipping to completion");
                index = steps.size();
                pauseStart = null;
                p.status.stepStartTime = Timestamps.format(now);
            }

            int target = index < steps.size() ? weightAt(index) : 100;
            int canaryWanted = ReplicaSplit.canary(replicas, target);
            int canaryAvailable = o.available(revision);
            boolean ready = canaryAvailable >= canaryWanted && (canaryWanted == 0 || o.replicaSet(revision).isPresent());
            int weight = ready ? target : Math.min(appliedWeight, target);

            Analysis analysis = new Analysis(c.analysis, o, prev, revision, Analysis.warmupFrom(p.status));
            if (appliedWeight > 0 && analysis.hasFreshMeasurement()) {
                p.status.lastAnalysis = analysis.evaluate();
                if (analysis.failed(p.status.lastAnalysis)) return rolledBack(stable, p.status.lastAnalysis.message);
                if (analysis.errorRollsBack(p.status.lastAnalysis))
                    return rolledBack(stable, p.status.lastAnalysis.message + " (failurePolicy Rollback)");
            }

            p.replicas(revision, canaryWanted).replicas(stable, ReplicaSplit.stable(replicas, weight)).othersToZero();
            p.service(c.stableService, stable).service(c.canaryService, canaryAvailable > 0 ? revision : stable);
            traffic(weight);
            p.status.currentStepIndex = index;
            p.status.currentWeight = weight;
            p.status.updatedReplicas = o.current(revision);
            p.status.pauseStartTime = pauseStart == null ? null : Timestamps.format(pauseStart);
            p.condition(Conditions.HEALTHY, o.available(stable) + canaryAvailable >= replicas,
                    "Replicas", (o.available(stable) + canaryAvailable) + "/" + replicas + " replicas available");

            if (!ready) return waitingForReplicas(index, target, canaryWanted, canaryAvailable);
            if (analysis.errorPauses(p.status.lastAnalysis))
                return heldByAnalysis(index, target, "AnalysisError", analysis.describeError(p.status.lastAnalysis));
            if (index == steps.size()) return complete(stable);

            Optional<Duration> pause = pauseOf(steps.get(index));
            boolean pauses = steps.get(index).pause != null;
            if (!pauses) return advance(index, STEP_ADVANCED, stepLabel(index) + " done at " + target + "%");
            if ("true".equals(promote)) {
                p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS);
                return advance(index, PROMOTED, stepLabel(index) + " promoted by kulta.io/promote");
            }
            if (pauseStart == null) {
                pauseStart = now;
                p.status.pauseStartTime = Timestamps.format(now);
                p.transition(PAUSED, stepLabel(index) + ": " + target + "% to canary, paused "
                        + pause.map(d -> "for " + DurationParser.format(d)).orElse("until kulta.io/promote=true"));
            }
            if (pause.isPresent()) {
                Instant due = Timestamps.parse(p.status.pauseStartTime).plus(pause.get());
                if (!now.isBefore(due) && !analysis.allowsAdvance(p.status.lastAnalysis, weight))
                    return heldByAnalysis(index, target, "AnalysisInconclusive", "pause of " + DurationParser.format(pause.get())
                            + " is over; waiting for a conclusive analysis: " + analysis.describe(p.status.lastAnalysis));
                if (!now.isBefore(due))
                    return advance(index, STEP_ADVANCED, stepLabel(index) + " pause of " + DurationParser.format(pause.get()) + " ended");
                p.requeueAfter(Duration.between(now, due));
                p.phase(Phase.Paused, stepLabel(index) + ": " + target + "% to canary, paused "
                        + DurationParser.format(pause.get()) + " until " + Timestamps.format(due));
            } else {
                p.phase(Phase.Paused, stepLabel(index) + ": " + target + "% to canary, paused until kulta.io/promote=true");
            }
            p.condition(Conditions.PROGRESSING, true, "RolloutPaused", p.status.message);
            return p.build();
        }

        /**
         * The canary does not have the replicas for this step yet. After progressDeadlineSeconds (Argo's
         * default 600) without reaching them the Rollout is Failed with ProgressDeadlineExceeded; it goes
         * on by itself if the replicas come.
         */
        private Plan waitingForReplicas(int index, int target, int wanted, int available) {
            String waiting = stepLabel(index) + ": waiting for canary replicas (" + available + "/" + wanted
                    + " available) before shifting " + target + "% of traffic";
            Instant since = Timestamps.parse(p.status.stepStartTime);
            Duration deadline = Duration.ofSeconds(progressDeadlineSeconds());
            if (since != null && !now.isBefore(since.plus(deadline))) {
                String message = waiting + "; no progress for " + DurationParser.format(deadline) + " (ProgressDeadlineExceeded)";
                if (prev.phase != Phase.Failed) p.transition(Transition.Action.PROGRESS_DEADLINE_EXCEEDED, message);
                p.phase(Phase.Failed, message);
                p.condition(Conditions.PROGRESSING, false, "ProgressDeadlineExceeded", message);
                return p.build();
            }
            if (since != null) p.requeueAfter(Duration.between(now, since.plus(deadline)));
            p.phase(Phase.Progressing, waiting);
            p.condition(Conditions.PROGRESSING, true, "WaitingForReplicas", waiting);
            return p.build();
        }

        private int progressDeadlineSeconds() {
            Integer seconds = o.rollout().getSpec().progressDeadlineSeconds;
            return seconds == null ? 600 : seconds;
        }

        private Plan advance(int index, Transition.Action action, String why) {
            int next = index + 1;
            p.status.currentStepIndex = next;
            p.status.pauseStartTime = null;
            p.status.stepStartTime = Timestamps.format(now);
            String where = next < steps.size()
                    ? "entering " + stepLabel(next) + " (" + weightAt(next) + "%)" : "completing: all traffic to " + revision;
            p.phase(Phase.Progressing, why + "; " + where);
            p.condition(Conditions.PROGRESSING, true, "StepAdvanced", p.status.message);
            p.transition(action, p.status.message);
            return p.build();
        }

        private Plan complete(String oldStable) {
            p.replicas(revision, replicas).replicas(oldStable, 0).othersToZero();
            allServicesOn(revision);
            traffic(0);
            p.status.stableRevision = revision;
            p.status.canaryRevision = null;
            p.status.currentWeight = 100;
            p.status.pauseStartTime = null;
            p.status.stepStartTime = null;
            p.phase(Phase.Completed, "revision " + revision + " is stable");
            p.condition(Conditions.PROGRESSING, true, "RolloutCompleted", "revision " + revision + " promoted to stable, replacing " + oldStable);
            p.transition(COMPLETED, "revision " + revision + " promoted to stable with " + replicas + " replicas, replacing " + oldStable);
            return p.build();
        }

        /** Metrics failed (or Prometheus errored under failurePolicy Rollback): everything back on stable, phase Failed. */
        private Plan rolledBack(String stable, String why) {
            canaryScaledAway(stable);
            if (why != null) {
                p.phase(Phase.Failed, "rolled back to stable revision " + stable + ": " + why
                        + "; set kulta.io/retry=true or change the template to try again");
                p.condition(Conditions.PROGRESSING, false, Analysis.ROLLED_BACK, p.status.message);
                p.transition(ROLLED_BACK, p.status.message);
            }
            return p.build();
        }

        private Plan heldByAnalysis(int index, int target, String reason, String why) {
            String message = stepLabel(index) + ": " + target + "% to canary; " + why;
            boolean already = Conditions.find(prev.conditions, Conditions.PROGRESSING).map(c -> reason.equals(c.getReason())).orElse(false);
            if (!already && reason.equals("AnalysisInconclusive")) p.transition(Transition.Action.ANALYSIS_INCONCLUSIVE, message);
            p.phase(Phase.Paused, message);
            p.condition(Conditions.PROGRESSING, true, reason, message);
            return p.build();
        }

        private Plan aborted(String stable) {
            canaryScaledAway(stable);
            p.phase(Phase.Aborted, "aborted: all traffic on stable revision " + stable
                    + "; set kulta.io/retry=true or change the template to continue");
            p.condition(Conditions.PROGRESSING, false, "RolloutAborted", p.status.message);
            return p.build();
        }

        /** Everything back on stable while the canary revision is remembered (Aborted or rolled back). */
        private void canaryScaledAway(String stable) {
            allOnStable(stable);
            p.status.currentWeight = 0;
            p.status.pauseStartTime = null;
            p.status.updatedReplicas = o.current(revision);
        }

        private void allOnStable(String stable) {
            p.replicas(stable, replicas).othersToZero();
            allServicesOn(stable);
            traffic(0);
        }

        private void allServicesOn(String rev) {
            p.service(c.stableService, rev).service(c.canaryService, rev);
        }

        private void traffic(int canaryWeight) {
            String route = routeName(c);
            if (route != null)
                p.traffic(new TrafficSplit(route, c.stableService, c.canaryService, canaryWeight, c.port == null ? 80 : c.port));
        }

        /** The weight in force at step i: its own setWeight, else the last one before it, else 0. */
        private int weightAt(int index) {
            for (int i = index; i >= 0; i--) if (steps.get(i).setWeight != null) return steps.get(i).setWeight;
            return 0;
        }

        private int clamp(Integer index) {
            return index == null ? 0 : Math.max(0, Math.min(index, steps.size()));
        }

        private String stepLabel(int index) {
            return "step " + (index + 1) + "/" + steps.size();
        }

        private static Optional<Duration> pauseOf(CanaryStep step) {
            return step.pause == null || step.pause.duration == null ? Optional.empty() : DurationParser.parse(step.pause.duration);
        }
    }
}
