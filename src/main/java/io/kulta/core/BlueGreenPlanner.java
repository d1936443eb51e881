package io.kulta.core;

import io.kulta.model.BlueGreenStrategy;
import io.kulta.model.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.kulta.core.Transition.Action.ABORTED;
import static io.kulta.core.Transition.Action.PROMOTED;
import static io.kulta.core.Transition.Action.STARTED;

/**
 * The blue-green strategy (SPEC §3 "Blue-green"): a new revision runs beside the active one as a
 * preview that only previewService reaches. Promotion — kulta.io/promote, or automatically
 * autoPromotionSeconds after the preview became fully available — first grows it to spec.replicas and
 * then, in one reconcile, switches activeService (and so the HTTPRoute's traffic) to it. The previous
 * active revision keeps its pods for scaleDownDelaySeconds, so switching back stays instant.
 */
public final class BlueGreenPlanner implements StrategyPlanner {
    public static final int DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;

    private final Duration settle;

    /** With SPEC's default settle time between a selector change and weight arriving. */
    public BlueGreenPlanner() {
        this(SafeTraffic.DEFAULT_SETTLE);
    }

    /** @param settle how long a Service must select a revision before weight moves onto it (kulta.trafficSettleSeconds) */
    public BlueGreenPlanner(Duration settle) {
        this.settle = settle;
    }

    @Override
    public Plan plan(Observation o) {
        Optional<Plan> blocked = Preconditions.invalid(o);
        if (blocked.isPresent()) return blocked.get();
        BlueGreenStrategy b = o.rollout().getSpec().strategy.blueGreen;
        blocked = Preconditions.missingReferences(o, List.of(b.activeService, b.previewService), routeName(b));
        if (blocked.isPresent()) return blocked.get();

        BlueGreen run = new BlueGreen(o, b, settle);
        String active = o.status().stableRevision;
        if (active == null || o.replicaSet(active).isEmpty()) return run.firstDeployment();
        if (active.equals(run.revision)) return run.steady(active);
        return run.preview(active);
    }

    static String routeName(BlueGreenStrategy b) {
        return b.trafficRouting == null || b.trafficRouting.gatewayAPI == null ? null : b.trafficRouting.gatewayAPI.httpRoute;
    }

    /** One reconcile of one blue-green Rollout. */
    private static final class BlueGreen extends RolloutRun {
        final BlueGreenStrategy b;
        /** This reconcile promotes the preview; nothing is being reverted then. */
        boolean cutover;
        final boolean routed;
        final SafeTraffic safe;
        /** previewService's weight in the route now: above 0 only while a promotion moves traffic over. */
        final int observedWeight;

        BlueGreen(Observation o, BlueGreenStrategy b, Duration settle) {
            super(o);
            this.b = b;
            this.routed = routeName(b) != null;
            ObservedTraffic traffic = o.traffic() != null ? o.traffic() : assumedTraffic();
            this.safe = new SafeTraffic(o, traffic, replicas, settle, routed);
            this.observedWeight = routed ? traffic.weight(b.previewService) : 0;
        }

        /** Without an observation of the Services and route: what the last status says, settled long ago, no weight on preview. */
        private ObservedTraffic assumedTraffic() {
            String active = prev.stableRevision;
            String preview = prev.canaryRevision != null && o.available(prev.canaryRevision) > 0 ? prev.canaryRevision : active;
            return ObservedTraffic.assumed(b.activeService, active, b.previewService, preview, 0);
        }

        Plan firstDeployment() {
            StableRevision.firstDeployment(p, revision, replicas);
            return steady(revision);
        }

        /** The template is the active revision: everything on it, any preview scaled away. */
        Plan steady(String active) {
            p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS, Annotations.ABORT, Annotations.RETRY);
            if (!cutover && StableRevision.revertsRollout(prev, active)) {
                p.transition(ABORTED, "template reverted to active revision " + active + "; preview " + prev.canaryRevision + " scaled to 0");
                scaleToZero(prev.canaryRevision);
            }
            p.replicas(active, replicas);
            List<String> kept = scaleDownOthers();
            allOn(active);
            p.status.activeRevision = active;
            p.status.canaryRevision = null;
            p.status.previewRevision = null;
            p.status.pauseStartTime = null;
            p.status.currentWeight = 100;
            StableRevision.settle(p, active, replicas, "active");
            if (!kept.isEmpty())
                p.status.message += "; previous revision " + String.join(", ", kept) + " scaled to 0 at " + Timestamps.format(scaleDownDue());
            return p.build();
        }

        /** A new revision beside the active one: preview, then promotion. */
        Plan preview(String active) {
            boolean newRollout = !revision.equals(prev.canaryRevision);
            Instant readySince = newRollout ? null : Timestamps.parse(prev.pauseStartTime);
            p.status.activeRevision = active;
            p.status.canaryRevision = revision;
            p.status.previewRevision = revision;

            if (newRollout) {
                boolean abandons = prev.canaryRevision != null && !prev.canaryRevision.equals(active);
                if (abandons) scaleToZero(prev.canaryRevision);
                p.status.progressStartedAt = Timestamps.format(now);
                p.transition(STARTED, "blue-green rollout of revision " + revision + " started: preview beside active revision "
                        + active + (abandons ? "; abandoned preview " + prev.canaryRevision : ""));
            } else if (prev.phase == Phase.Aborted || Analysis.rolledBack(prev)) {
                if (!requested(Annotations.RETRY)) return prev.phase == Phase.Aborted ? aborted(active) : rolledBack(active, null);
                readySince = null;
                p.status.lastAnalysis = null;
                retry(": previewing it again");
            }
            p.consume(Annotations.RETRY);
            if (requested(Annotations.ABORT)) {
                abort("preview " + revision + " scaled to 0, all traffic stays on active revision " + active);
                return aborted(active);
            }

            int previewWanted = b.previewReplicaCount == null ? replicas : b.previewReplicaCount;
            int available = o.available(revision);
            if (hasAvailable(previewWanted) && readySince == null) readySince = now;
            // pre-promotion analysis of the preview, from when it was ready
            Analysis analysis = new Analysis(b.analysis, o, prev, revision, readySince == null ? null : Timestamps.format(readySince));
            if (readySince != null && analysis.hasFreshMeasurement()) {
                p.status.lastAnalysis = analysis.evaluate();
                if (analysis.failed(p.status.lastAnalysis)) return rolledBack(active, p.status.lastAnalysis.message);
                if (analysis.errorRollsBack(p.status.lastAnalysis))
                    return rolledBack(active, p.status.lastAnalysis.message + " (failurePolicy Rollback)");
            }
            String promotedBy = promotedBy(readySince, analysis);
            if (promotedBy != null && hasAvailable(replicas)) {
                Optional<Plan> promoting = promoting(active, promotedBy);
                if (promoting.isPresent()) return promoting.get();
                return cutover(active, promotedBy);
            }

            // a promotion that must grow the preview starts a wait for progress of its own
            if (promotedBy != null && o.desired(revision) < replicas) p.status.progressStartedAt = Timestamps.format(now);
            p.replicas(revision, promotedBy != null ? replicas : previewWanted).replicas(active, replicas);
            scaleDownOthers();
            move(safe.toward(goal(active, available > 0 ? revision : active, 0)));
            p.status.currentWeight = 0;
            p.status.updatedReplicas = o.current(revision);
            p.status.pauseStartTime = readySince == null ? null : Timestamps.format(readySince);
            activeHealth(active);

            if (promotedBy != null) {
                waitForProgress("promoting revision " + revision + " (" + promotedBy + "): scaling it to " + replicas
                        + " replicas (" + available + "/" + replicas + " available) before activeService switches to it",
                        p.status.progressStartedAt, "Promoting");
            } else if (readySince == null) {
                waitForProgress("preview " + revision + ": waiting for replicas (" + available + "/" + previewWanted + " available)",
                        p.status.progressStartedAt, "WaitingForReplicas");
            } else {
                String ready = "preview " + revision + " ready on " + b.previewService + " with " + previewWanted + " replicas; ";
                Instant autoPromotionDue = readySince.plusSeconds(autoPromotionSeconds());
                if (autoPromotionEnabled() && !now.isBefore(autoPromotionDue)) {
                    waitForProgress(Phase.Preview, ready + "auto-promotion waits for a passing analysis: " + analysis.describe(p.status.lastAnalysis),
                            Timestamps.format(autoPromotionDue), "AnalysisInconclusive");
                    return p.build();
                } else if (autoPromotionEnabled()) {
                    p.requeueAfter(Duration.between(now, autoPromotionDue));
                    p.phase(Phase.Preview, ready + "promoted automatically at " + Timestamps.format(autoPromotionDue));
                } else {
                    p.phase(Phase.Preview, ready + "waiting for kulta.io/promote=true");
                }
                p.condition(Conditions.PROGRESSING, true, "PreviewReady", p.status.message);
            }
            return p.build();
        }

        /**
         * With an HTTPRoute, promotion is make-before-break too (SPEC §3 "Traffic safety"): all weight onto
         * previewService (settled on the new revision, all replicas available), then activeService — now without
         * weight — is pointed at the new revision, and after the settle time the weight moves back to it. Empty once
         * that is done: the cutover.
         */
        private Optional<Plan> promoting(String active, String promotedBy) {
            if (!routed) return Optional.empty();
            boolean allOnPreview = observedWeight == 100 || revision.equals(safe.selection(b.activeService));
            SafeTraffic.Move move = allOnPreview ? safe.toward(goal(revision, revision, 0)) : safe.toward(goal(active, revision, 100));
            if (allOnPreview && move.reached()) return Optional.empty();
            p.replicas(revision, replicas).replicas(active, replicas);
            scaleDownOthers();
            move(move);
            p.requeueWhileSettling(safe, b.activeService, b.previewService);
            p.status.currentWeight = allOnPreview ? 100 : move.canaryWeight();
            p.status.updatedReplicas = o.current(revision);
            activeHealth(active);
            p.phase(Phase.Progressing, "promoting revision " + revision + " (" + promotedBy + "): moving all traffic to it through "
                    + b.previewService + " while " + b.activeService + " switches over");
            p.condition(Conditions.PROGRESSING, true, "Promoting", p.status.message);
            return Optional.of(p.build());
        }

        /** The new revision has all its replicas (and, with a route, all the traffic): activeService is on it now. */
        private Plan cutover(String oldActive, String promotedBy) {
            p.transition(PROMOTED, "revision " + revision + " promoted (" + promotedBy + "): " + b.activeService
                    + " switched from revision " + oldActive + " to " + revision);
            p.status.stableRevision = revision;
            p.status.cutoverTime = Timestamps.format(now);
            p.status.phase = Phase.Progressing;   // so that settling on the new revision reports it Completed
            cutover = true;
            return steady(revision);
        }

        /** Everything back on the active revision; a promotion waiting for the preview to grow is cancelled. */
        private void previewScaledAway(String active) {
            p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS);
            p.replicas(active, replicas);
            if (observedWeight > 0) {       // a promotion was moving traffic over: back first, make-before-break
                p.replicas(revision, o.desired(revision));
                SafeTraffic.Move move = safe.toward(goal(active, revision, 0));
                move(move);
                p.requeueWhileSettling(safe, b.activeService, b.previewService);
            } else {
                scaleToZero(revision);
                allOn(active);
            }
            scaleDownOthers();
            p.status.currentWeight = 0;
            p.status.pauseStartTime = null;
            p.status.updatedReplicas = o.current(revision);
            activeHealth(active);
        }

        /** The preview's metrics failed: it is scaled to 0 and the Rollout is Failed until retried or changed. */
        private Plan rolledBack(String active, String why) {
            previewScaledAway(active);
            if (why != null) {
                p.phase(Phase.Failed, "rolled back: preview " + revision + " scaled to 0, all traffic on active revision " + active
                        + ": " + why + "; set kulta.io/retry=true or change the template to try again");
                p.condition(Conditions.PROGRESSING, false, Analysis.ROLLED_BACK, p.status.message);
                p.transition(Transition.Action.ROLLED_BACK, p.status.message);
            }
            return p.build();
        }

        private Plan aborted(String active) {
            previewScaledAway(active);
            p.phase(Phase.Aborted, "aborted: preview " + revision + " scaled to 0, all traffic on active revision " + active
                    + "; set kulta.io/retry=true or change the template to continue");
            p.condition(Conditions.PROGRESSING, false, "RolloutAborted", p.status.message);
            return p.build();
        }

        /**
         * Who promotes the preview now, or null: kulta.io/promote (removed only at the cutover, so it holds
         * while the preview grows to full size), or auto-promotion once its delay after readiness is over.
         */
        private String promotedBy(Instant readySince, Analysis analysis) {
            String annotation = o.annotation(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS);
            if ("true".equals(annotation) || "full".equals(annotation)) return "kulta.io/promote";
            if (autoPromotionEnabled() && readySince != null && !now.isBefore(readySince.plusSeconds(autoPromotionSeconds()))
                    && analysis.allowsAdvance(p.status.lastAnalysis))
                return "auto-promotion " + autoPromotionSeconds() + "s after the preview was ready";
            return null;
        }

        /**
         * Every revision not placed yet goes to 0 — except during the scale-down delay after a cutover,
         * when the previous active revision keeps its pods until cutoverTime + scaleDownDelaySeconds and
         * the Rollout is looked at again then. Returns the revisions kept.
         */
        private List<String> scaleDownOthers() {
            return p.othersKeptUntil(scaleDownDue());
        }

        private Instant scaleDownDue() {
            Instant cutover = Timestamps.parse(p.status.cutoverTime);
            int delay = b.scaleDownDelaySeconds == null ? DEFAULT_SCALE_DOWN_DELAY_SECONDS : b.scaleDownDelaySeconds;
            return cutover == null ? null : cutover.plusSeconds(delay);
        }

        /** A preview of {@code wanted} replicas has them all available (none wanted needs no ReplicaSet). */
        private boolean hasAvailable(int wanted) {
            return o.available(revision) >= wanted && (wanted == 0 || o.replicaSet(revision).isPresent());
        }

        private void scaleToZero(String rev) {
            if (o.replicaSet(rev).isPresent()) p.replicas(rev, 0);
        }

        private void activeHealth(String active) {
            int available = o.available(active);
            boolean ready = available >= replicas;
            p.condition(Conditions.HEALTHY, ready, ready ? "AllReplicasAvailable" : "ReplicasUnavailable",
                    available + "/" + replicas + " active replicas available");
        }

        private void allOn(String rev) {
            move(safe.toward(goal(rev, rev, 0)));
        }

        /**
         * Writes a traffic move. Outside a promotion activeService takes all traffic whichever revision it selects, and
         * previewService is reached directly.
         */
        private void move(SafeTraffic.Move move) {
            String route = routeName(b);
            TrafficSplit split = route == null ? null
                    : new TrafficSplit(route, b.activeService, b.previewService, move.canaryWeight(), b.port == null ? 80 : b.port);
            p.move(move, split, observedWeight);
        }

        private SafeTraffic.Goal goal(String activeRevision, String previewRevision, int previewWeight) {
            return new SafeTraffic.Goal(b.activeService, activeRevision, b.previewService, previewRevision, previewWeight);
        }

        private boolean autoPromotionEnabled() {
            return b.autoPromotionEnabled == null || b.autoPromotionEnabled;
        }

        private int autoPromotionSeconds() {
            return b.autoPromotionSeconds == null ? 0 : b.autoPromotionSeconds;
        }
    }
}
