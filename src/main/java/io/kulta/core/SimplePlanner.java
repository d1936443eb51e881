package io.kulta.core;

import io.kulta.model.Phase;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static io.kulta.core.Transition.Action.ABORTED;
import static io.kulta.core.Transition.Action.STARTED;

/**
 * The simple strategy (SPEC §3 "Simple"): a rolling update like a Kubernetes Deployment's — the new
 * revision grows while the others shrink, one {@link RollingUpdate} step per reconcile, within
 * spec.maxSurge and spec.maxUnavailable. No Services, no traffic routing. An abort, or going back to
 * the stable template, rolls back to the stable revision within the same bounds.
 */
public final class SimplePlanner implements StrategyPlanner {

    @Override
    public Plan plan(Observation o) {
        Optional<Plan> invalid = Preconditions.invalid(o);
        if (invalid.isPresent()) return invalid.get();

        Simple run = new Simple(o);
        String stable = o.status().stableRevision;
        if (stable == null || o.replicaSet(stable).isEmpty()) {
            StableRevision.firstDeployment(run.p, run.revision, run.replicas);
            return run.toStable(run.revision);
        }
        if (stable.equals(run.revision)) return run.toStable(stable);
        return run.rollForward(stable);
    }

    /** One reconcile of one simple Rollout. */
    private static final class Simple extends RolloutRun {
        final RollingUpdate.Bounds bounds;

        Simple(Observation o) {
            super(o);
            this.bounds = RollingUpdate.Bounds.of(o.rollout().getSpec().maxSurge, o.rollout().getSpec().maxUnavailable, replicas);
        }

        /** The template is the stable revision: it runs alone, or the others are rolled back onto it. */
        Plan toStable(String stable) {
            p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS, Annotations.ABORT, Annotations.RETRY);
            if (StableRevision.revertsRollout(prev, stable))
                p.transition(ABORTED, "template reverted to stable revision " + stable + "; rolling back from revision " + prev.canaryRevision);
            p.status.canaryRevision = null;
            roll(stable);
            if (othersGone(stable)) {
                p.status.currentWeight = 100;
                StableRevision.settle(p, stable, replicas, "stable");
            } else {
                p.phase(Phase.Progressing, "rolling back to stable revision " + stable + ": " + progress(stable, "back"));
                p.condition(Conditions.PROGRESSING, true, "RollingBack", p.status.message);
            }
            return p.build();
        }

        /** A new revision replaces the stable one. */
        Plan rollForward(String stable) {
            boolean newRollout = !revision.equals(prev.canaryRevision);
            p.status.canaryRevision = revision;
            if (newRollout) {
                boolean abandons = prev.canaryRevision != null && !prev.canaryRevision.equals(stable);
                p.status.progressStartedAt = Timestamps.format(o.now());
                p.transition(STARTED, "rolling update to revision " + revision + " started (stable " + stable + ", " + bounds + ")"
                        + (abandons ? "; abandoned revision " + prev.canaryRevision : ""));
            } else if (prev.phase == Phase.Aborted || Analysis.rolledBack(prev)) {
                if (!requested(Annotations.RETRY))
                    return prev.phase == Phase.Aborted ? aborted(stable) : rolledBack(stable, null);
                p.status.lastAnalysis = null;
                p.status.progressStartedAt = Timestamps.format(now);
                p.status.stepStartTime = Timestamps.format(now);
                retry("");
            }
            p.consume(Annotations.RETRY);
            if (requested(Annotations.ABORT)) {
                abort("rolling back to stable revision " + stable);
                return aborted(stable);
            }

            Analysis analysis = new Analysis(o.rollout().getSpec().strategy.simple.analysis, o, prev, revision, p.status.progressStartedAt);
            if (analysis.hasFreshMeasurement()) {
                p.status.lastAnalysis = analysis.evaluate();
                if (analysis.failed(p.status.lastAnalysis)) return rolledBack(stable, p.status.lastAnalysis.message);
                if (analysis.errorRollsBack(p.status.lastAnalysis))
                    return rolledBack(stable, p.status.lastAnalysis.message + " (failurePolicy Rollback)");
            }

            roll(revision);
            if (othersGone(revision) && o.available(revision) >= replicas) {
                p.status.stableRevision = revision;
                p.status.canaryRevision = null;
                p.status.currentWeight = 100;
                p.status.stepStartTime = null;
                StableRevision.settle(p, revision, replicas, "stable");
                return p.build();
            }
            // progress is the new revision's share of the available pods moving; the deadline counts from its last move
            if (newRollout || p.status.stepStartTime == null || !java.util.Objects.equals(p.status.currentWeight, prev.currentWeight))
                p.status.stepStartTime = Timestamps.format(now);
            waitForProgress("revision " + revision + ": " + progress(revision, "updated"), p.status.stepStartTime, "RollingUpdate");
            return p.build();
        }

        /** Failing metrics: back to stable within the bounds, phase Failed until kulta.io/retry or a new template. */
        private Plan rolledBack(String stable, String why) {
            roll(stable);
            if (why != null) {
                p.phase(Phase.Failed, "rolled back to stable revision " + stable + ": " + why
                        + "; set kulta.io/retry=true or change the template to try again");
                p.condition(Conditions.PROGRESSING, false, Analysis.ROLLED_BACK, p.status.message);
                p.transition(Transition.Action.ROLLED_BACK, p.status.message);
            }
            return p.build();
        }

        /** Rolls back to stable within the bounds and stays there until kulta.io/retry or a new template. */
        private Plan aborted(String stable) {
            roll(stable);
            String where = othersGone(stable) && o.available(stable) >= replicas
                    ? "all replicas back on stable revision " + stable
                    : "rolling back to stable revision " + stable + " (" + progress(stable, "back") + ")";
            p.phase(Phase.Aborted, "aborted: " + where + "; set kulta.io/retry=true or change the template to continue");
            p.condition(Conditions.PROGRESSING, false, "RolloutAborted", p.status.message);
            return p.build();
        }

        /** One rolling-update step toward target; abandoned revisions give up their pods before the stable one. */
        private void roll(String target) {
            List<ReplicaSetState> others = o.replicaSets().values().stream()
                    .filter(rs -> !rs.revision().equals(target))
                    .sorted(Comparator.comparing((ReplicaSetState rs) -> rs.revision().equals(prev.stableRevision))
                            .thenComparing(ReplicaSetState::revision))
                    .toList();
            RollingUpdate.step(target, o.replicaSet(target).orElse(null), others, replicas, bounds).forEach(p::replicas);
            int available = totalAvailable();
            p.status.updatedReplicas = o.current(revision);
            p.status.currentWeight = available == 0 ? 0 : 100 * o.replicaSet(revision).map(RollingUpdate::available).orElse(0) / available;
            boolean healthy = available >= replicas - bounds.maxUnavailable();
            p.condition(Conditions.HEALTHY, healthy, healthy ? "WithinMaxUnavailable" : "TooFewAvailable",
                    available + "/" + replicas + " replicas available, at least " + Math.max(0, replicas - bounds.maxUnavailable()) + " wanted");
        }

        /** "x/N updated, y available": pods of the target, and available pods of every revision. */
        private String progress(String target, String word) {
            return o.current(target) + "/" + replicas + " " + word + ", " + totalAvailable() + " available (" + bounds + ")";
        }

        private boolean othersGone(String target) {
            return o.replicaSets().values().stream().filter(rs -> !rs.revision().equals(target)).allMatch(rs -> rs.desired() == 0);
        }

        private int totalAvailable() {
            return o.replicaSets().values().stream().mapToInt(RollingUpdate::available).sum();
        }
    }
}
