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
    public static final int DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;
    static final int DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS = 30;

    private final Duration settle;

    /** With SPEC's default settle time between a selector change and weight arriving. */
    public CanaryPlanner() {
        this(SafeTraffic.DEFAULT_SETTLE);
    }

    /** @param settle how long a Service must select a revision before weight moves onto it (kulta.trafficSettleSeconds) */
    public CanaryPlanner(Duration settle) {
        this.settle = settle;
    }

    @Override
    public Plan plan(Observation o) {
        Optional<Plan> blocked = Preconditions.invalid(o);
        if (blocked.isPresent()) return blocked.get();
        CanaryStrategy c = o.rollout().getSpec().strategy.canary;
        blocked = Preconditions.missingReferences(o, List.of(c.stableService, c.canaryService), routeName(c));
        if (blocked.isPresent()) return blocked.get();

        Canary run = new Canary(o, c, settle);
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
        final boolean routed;
        final SafeTraffic safe;
        /** The canary Service's weight in the route now (without a route: the weight the status last recorded). */
        final int observedWeight;

        Canary(Observation o, CanaryStrategy c, Duration settle) {
            super(o);
            this.c = c;
            this.steps = c.steps;
            this.routed = routeName(c) != null;
            ObservedTraffic traffic = o.traffic() != null ? o.traffic() : assumedTraffic();
            this.safe = new SafeTraffic(o, traffic, replicas, settle, routed);
            this.observedWeight = routed ? traffic.weight(c.canaryService) : recordedWeight();
        }

        /** Without an observation of the Services and route: what the last status says was written, settled long ago. */
        private ObservedTraffic assumedTraffic() {
            String stable = prev.stableRevision;
            String canary = prev.canaryRevision != null && o.available(prev.canaryRevision) > 0 ? prev.canaryRevision : stable;
            return ObservedTraffic.assumed(c.stableService, stable, c.canaryService, canary, recordedWeight());
        }

        private int recordedWeight() {
            return prev.canaryRevision == null || prev.currentWeight == null ? 0 : prev.currentWeight;
        }

        /** No stable revision yet: the template becomes stable at full size, without steps. */
        Plan firstDeployment() {
            StableRevision.firstDeployment(p, revision, replicas);
            return steady(revision);
        }

        /** The template is the stable revision: everything on it, any canary drained away first. */
        Plan steady(String stable) {
            p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS, Annotations.ABORT, Annotations.RETRY);
            String abandoned = prev.canaryRevision;
            if (abandoned != null && !abandoned.equals(stable)) {
                if (StableRevision.revertsRollout(prev, stable))
                    p.transition(ABORTED, "template reverted to stable revision " + stable + "; canary " + abandoned + " drained and scaled to 0");
                if (!drained(stable, abandoned)) {
                    p.phase(Phase.Aborted, "template reverted to stable revision " + stable + ": " + drainState(stable, abandoned));
                    p.condition(Conditions.PROGRESSING, true, "RollingBack", p.status.message);
                    return p.build();
                }
            } else {
                p.replicas(stable, replicas);
                p.move(safe.toward(goal(stable, stable, 0)), split(0), observedWeight);
                p.othersKeptUntil(scaleDownDue());
            }
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
            String inFlight = prev.canaryRevision;
            boolean abandons = inFlight != null && !inFlight.equals(revision) && !inFlight.equals(stable);
            if (abandons && o.replicaSet(inFlight).isPresent() && !drained(stable, inFlight)) {
                p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS, Annotations.ABORT, Annotations.RETRY);
                p.phase(Phase.Progressing, "abandoning canary " + inFlight + " for revision " + revision + ": "
                        + drainState(stable, inFlight));
                p.condition(Conditions.PROGRESSING, true, "AbandoningCanary", p.status.message);
                return p.build();
            }
            boolean newRollout = !revision.equals(inFlight);
            int index = newRollout ? 0 : clamp(prev.currentStepIndex);
            Instant pauseStart = newRollout ? null : Timestamps.parse(prev.pauseStartTime);
            p.status.canaryRevision = revision;

            if (newRollout) {
                p.status.progressStartedAt = Timestamps.format(now);
                p.status.stepStartTime = Timestamps.format(now);
                p.transition(STARTED, "rollout of revision " + revision + " started (stable " + stable + ", "
                        + steps.size() + " steps)" + (abandons ? "; abandoned canary " + inFlight : ""));
            } else if (prev.phase == Phase.Aborted || Analysis.rolledBack(prev)) {
                if (!requested(Annotations.RETRY))
                    return prev.phase == Phase.Aborted ? aborted(stable) : rolledBack(stable, null);
                index = 0;
                pauseStart = null;
                p.status.stepStartTime = Timestamps.format(now);
                p.status.lastAnalysis = null;
                retry("");
            }
            p.consume(Annotations.RETRY);
            if (requested(Annotations.ABORT)) {
                abort("traffic moves back to stable revision " + stable + " as its pods become available");
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
            boolean podsReady = canaryAvailable >= canaryWanted && (canaryWanted == 0 || o.replicaSet(revision).isPresent());

            Analysis analysis = new Analysis(c.analysis, o, prev, revision, Analysis.warmupFrom(p.status));
            if (observedWeight > 0 && analysis.hasFreshMeasurement()) {
                p.status.lastAnalysis = analysis.evaluate();
                if (analysis.failed(p.status.lastAnalysis)) return rolledBack(stable, p.status.lastAnalysis.message);
                if (analysis.errorRollsBack(p.status.lastAnalysis))
                    return rolledBack(stable, p.status.lastAnalysis.message + " (failurePolicy Rollback)");
            }

            p.status.currentStepIndex = index;
            p.status.updatedReplicas = o.current(revision);
            p.status.pauseStartTime = pauseStart == null ? null : Timestamps.format(pauseStart);
            p.condition(Conditions.HEALTHY, o.available(stable) + canaryAvailable >= replicas,
                    "Replicas", (o.available(stable) + canaryAvailable) + "/" + replicas + " replicas available");
            if (index == steps.size()) return completing(stable, podsReady);

            String canaryTarget = canaryWanted > 0 ? revision : safe.selectionOr(c.canaryService, stable);
            SafeTraffic.Move move = safe.toward(goal(stable, canaryTarget, target));
            int weight = routed ? move.canaryWeight() : podsReady ? target : Math.min(observedWeight, target);
            // each side keeps the pods for the weight it carries after this reconcile, and grows to its share of the step
            p.replicas(revision, Math.max(canaryWanted, ReplicaSplit.canary(replicas, weight)))
                    .replicas(stable, stableReplicas(Math.min(weight, target))).othersToZero();
            p.move(move, split(weight), observedWeight);
            if (!routed && weight != observedWeight) p.status.weightAppliedAt = Timestamps.format(now);
            p.status.currentWeight = weight;
            boolean ready = podsReady && (routed ? move.reached() : weight == target);

            if (!ready) return waitingForTraffic(index, target, canaryWanted, canaryAvailable, podsReady);
            if (analysis.errorPauses(p.status.lastAnalysis))
                return heldByAnalysis(index, target, "AnalysisError", analysis.describeError(p.status.lastAnalysis));
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
         * The step's traffic has not moved yet: the canary lacks replicas, or a Service waits to settle on its revision.
         * After progressDeadlineSeconds (Argo's default 600) without progress the Rollout is Failed with
         * ProgressDeadlineExceeded; it goes on by itself if the replicas come.
         */
        private Plan waitingForTraffic(int index, int target, int wanted, int available, boolean podsReady) {
            String waiting = podsReady
                    ? stepLabel(index) + ": waiting for " + c.canaryService + " to settle on revision " + revision
                            + " before shifting " + target + "% of traffic"
                    : stepLabel(index) + ": waiting for canary replicas (" + available + "/" + wanted
                            + " available) before shifting " + target + "% of traffic";
            requeueWhileSettling();
            waitForProgress(waiting, p.status.stepStartTime, podsReady ? "WaitingForTrafficToSettle" : "WaitingForReplicas");
            return p.build();
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

        /**
         * After the last step, make-before-break: all weight onto the canary Service once the canary has all its
         * replicas, then the stable Service (now without weight) is pointed at the new revision, and after the settle
         * time the weight moves back to it. That is the cutover; the old revision keeps its pods scaleDownDelaySeconds.
         */
        private Plan completing(String oldStable, boolean podsReady) {
            p.replicas(revision, replicas).replicas(oldStable, o.desired(oldStable)).othersToZero();
            boolean allOnCanary = !routed || observedWeight == 100 || revision.equals(safe.selection(c.stableService));
            SafeTraffic.Move move = !podsReady ? safe.toward(goal(oldStable, revision, observedWeight))
                    : !allOnCanary ? safe.toward(goal(oldStable, revision, 100))
                    : safe.toward(goal(revision, revision, 0));
            p.move(move, split(move.canaryWeight()), observedWeight);
            if (!podsReady || !allOnCanary || !move.reached()) {
                p.status.currentWeight = allOnCanary ? 100 : move.canaryWeight();
                requeueWhileSettling();
                p.phase(Phase.Progressing, "completing: " + (!podsReady
                        ? "waiting for canary replicas (" + o.available(revision) + "/" + replicas + " available)"
                        : "moving all traffic to revision " + revision + " (" + c.stableService + " settles on it before it takes the weight)"));
                p.condition(Conditions.PROGRESSING, true, podsReady ? "Completing" : "WaitingForReplicas", p.status.message);
                return p.build();
            }
            p.status.stableRevision = revision;
            p.status.canaryRevision = null;
            p.status.currentWeight = 100;
            p.status.pauseStartTime = null;
            p.status.stepStartTime = null;
            p.status.cutoverTime = Timestamps.format(now);
            p.othersKeptUntil(scaleDownDue());
            p.phase(Phase.Completed, "revision " + revision + " is stable; revision " + oldStable + " scaled to 0 at "
                    + Timestamps.format(scaleDownDue()));
            p.condition(Conditions.PROGRESSING, true, "RolloutCompleted", "revision " + revision + " promoted to stable, replacing " + oldStable);
            p.transition(COMPLETED, "revision " + revision + " promoted to stable with " + replicas + " replicas, replacing " + oldStable);
            return p.build();
        }

        /** Metrics failed (or Prometheus errored under failurePolicy Rollback): traffic back on stable, phase Failed. */
        private Plan rolledBack(String stable, String why) {
            p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS);
            boolean done = drained(stable, revision);
            p.status.pauseStartTime = null;
            p.status.updatedReplicas = o.current(revision);
            if (why != null) {
                p.status.message = "rolled back to stable revision " + stable + ": " + why;
                p.transition(ROLLED_BACK, p.status.message + "; set kulta.io/retry=true or change the template to try again");
            }
            String cause = why != null ? why : failureCause();
            p.phase(Phase.Failed, "rolled back to stable revision " + stable + ": " + cause + "; "
                    + (done ? "set kulta.io/retry=true or change the template to try again" : drainState(stable, revision)));
            p.condition(Conditions.PROGRESSING, false, Analysis.ROLLED_BACK, p.status.message);
            return p.build();
        }

        /** What the rollback recorded as its cause: the message up to the first "; ". */
        private String failureCause() {
            String m = prev.message == null ? "" : prev.message;
            String prefix = "rolled back to stable revision " + prev.stableRevision + ": ";
            if (m.startsWith(prefix)) m = m.substring(prefix.length());
            int cut = m.indexOf("; ");
            return cut < 0 ? m : m.substring(0, cut);
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
            p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS);
            boolean done = drained(stable, revision);
            p.status.pauseStartTime = null;
            p.status.updatedReplicas = o.current(revision);
            p.phase(Phase.Aborted, done ? "aborted: all traffic on stable revision " + stable
                    + "; set kulta.io/retry=true or change the template to continue"
                    : "aborting: " + drainState(stable, revision));
            p.condition(Conditions.PROGRESSING, false, "RolloutAborted", p.status.message);
            return p.build();
        }

        /**
         * Backwards, make-before-break (SPEC §3 "Traffic safety"): stable back to N replicas, the canary's weight back
         * to stable as fast as stable's available pods carry it, and the canary scaled to 0 only once it has had no
         * weight for abortScaleDownDelaySeconds (without a route: once stable has all its pods available). Then the
         * canary Service selects stable again. Returns whether that is done.
         */
        private boolean drained(String stable, String canary) {
            p.replicas(stable, replicas);
            int weight = observedWeight;
            Instant zeroSince = Timestamps.parse(prev.weightAppliedAt);
            boolean delayOver = routed
                    ? weight == 0 && (zeroSince == null || !now.isBefore(zeroSince.plusSeconds(abortScaleDownDelay())))
                    : o.available(stable) >= replicas;
            SafeTraffic.Move move = safe.toward(goal(stable, delayOver ? stable : canary, 0));
            p.replicas(canary, delayOver ? 0 : o.desired(canary)).othersToZero();
            p.move(move, split(move.canaryWeight()), weight);
            p.status.currentWeight = routed ? move.canaryWeight() : delayOver ? 0 : recordedWeight();
            if (routed && move.canaryWeight() == 0 && !delayOver) {
                Instant zeroAt = weight == 0 && zeroSince != null ? zeroSince : now;
                p.requeueAfter(Duration.between(now, zeroAt.plusSeconds(abortScaleDownDelay())));
            }
            requeueWhileSettling();
            return delayOver && move.reached();
        }

        /** How far a drain has got, for the status message. */
        private String drainState(String stable, String canary) {
            int weight = p.status.currentWeight == null ? 0 : p.status.currentWeight;
            if (weight > 0)
                return weight + "% still on canary " + canary + ", moving back to stable revision " + stable + " as its pods become available ("
                        + o.available(stable) + "/" + replicas + " available)";
            return "all traffic on stable revision " + stable + "; canary " + canary + " scaled to 0 "
                    + (routed ? abortScaleDownDelay() + "s after its weight reached 0" : "once stable has all its replicas available");
        }

        private int abortScaleDownDelay() {
            return c.abortScaleDownDelaySeconds == null ? DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS : c.abortScaleDownDelaySeconds;
        }

        /** When the previous stable revision goes to 0 after the last cutover, or null. */
        private Instant scaleDownDue() {
            Instant cutover = Timestamps.parse(p.status.cutoverTime);
            int delay = c.scaleDownDelaySeconds == null ? DEFAULT_SCALE_DOWN_DELAY_SECONDS : c.scaleDownDelaySeconds;
            return cutover == null ? null : cutover.plusSeconds(delay);
        }

        /** Stable replicas while the canary carries {@code weight}%. */
        private int stableReplicas(int weight) {
            return routed ? ReplicaSplit.stableRouted(replicas, weight) : ReplicaSplit.stable(replicas, weight);
        }

        private SafeTraffic.Goal goal(String stableRevision, String canaryRevision, int canaryWeight) {
            return new SafeTraffic.Goal(c.stableService, stableRevision, c.canaryService, canaryRevision, canaryWeight);
        }

        private void requeueWhileSettling() {
            p.requeueWhileSettling(safe, c.stableService, c.canaryService);
        }

        private TrafficSplit split(int canaryWeight) {
            String route = routeName(c);
            return route == null ? null : new TrafficSplit(route, c.stableService, c.canaryService, canaryWeight, c.port == null ? 80 : c.port);
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
