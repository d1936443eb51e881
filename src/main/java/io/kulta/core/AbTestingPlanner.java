package io.kulta.core;

import io.kulta.core.analysis.AbEvaluator;
import io.kulta.core.analysis.Measurement;
import io.kulta.model.AbExperimentStatus;
import io.kulta.model.AbExperimentStatus.ConclusionReason;
import io.kulta.model.AbExperimentStatus.Variant;
import io.kulta.model.AbTestingStrategy;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.kulta.core.Transition.Action.ABORTED;
import static io.kulta.core.Transition.Action.EXPERIMENT_CONCLUDED;
import static io.kulta.core.Transition.Action.PROMOTED;
import static io.kulta.core.Transition.Action.STARTED;

/**
 * The A/B testing strategy (SPEC §3 "A/B testing"): the new revision runs as variant B at full size beside
 * the stable one (A); requests matching variantBMatch are routed to B by rules the controller puts ahead
 * of the user's. After minDuration each measurement is Z-tested per metric; a consensus, maxDuration or
 * kulta.io/conclude-experiment concludes the experiment. A winning B is promoted by kulta.io/promote (or
 * autoPromote); otherwise B is scaled away and A stays.
 */
public final class AbTestingPlanner implements StrategyPlanner {
    /** abExperiment.lastError is cut after this many characters: the message says the rest. */
    static final int MAX_ERROR = 256;
    private final Duration settle;

    /** With SPEC's default settle time between a selector change and weight arriving. */
    public AbTestingPlanner() {
        this(SafeTraffic.DEFAULT_SETTLE);
    }

    /** @param settle how long a Service must select a revision before weight moves onto it (kulta.trafficSettleSeconds) */
    public AbTestingPlanner(Duration settle) {
        this.settle = settle;
    }

    @Override
    public Plan plan(Observation o) {
        Optional<Plan> blocked = Preconditions.invalid(o);
        if (blocked.isPresent()) return blocked.get();
        AbTestingStrategy a = o.rollout().getSpec().strategy.abTesting;
        blocked = Preconditions.missingReferences(o, List.of(a.variantAService, a.variantBService), a.trafficRouting.gatewayAPI.httpRoute);
        if (blocked.isPresent()) return blocked.get();

        Ab run = new Ab(o, a, settle);
        String stable = o.status().stableRevision;
        if (stable == null || o.replicaSet(stable).isEmpty()) {
            StableRevision.firstDeployment(run.p, run.revision, run.replicas);
            return run.steady(run.revision);
        }
        if (stable.equals(run.revision)) return run.steady(stable);
        return run.experiment(stable);
    }

    /** One reconcile of one A/B Rollout. */
    private static final class Ab extends RolloutRun {
        final AbTestingStrategy a;
        final ObservedTraffic traffic;
        final Duration settle;
        /** The Services this reconcile re-points: they start settling now. */
        final Set<String> repointed = new HashSet<>();
        /** What the last {@link #route} still waits for, or null. */
        String switching;
        /** This reconcile promoted B; nothing is being reverted then. */
        boolean promoted;

        Ab(Observation o, AbTestingStrategy a, Duration settle) {
            super(o);
            this.a = a;
            this.settle = settle;
            // without an observation of the route (unit tests) nothing is known to carry weight
            this.traffic = o.traffic() != null ? o.traffic() : new ObservedTraffic(Map.of(), Map.of());
        }

        /** The template is the stable revision: it runs alone on both Services, no A/B rules on the route. */
        Plan steady(String stable) {
            p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS, Annotations.ABORT, Annotations.RETRY, Annotations.CONCLUDE_EXPERIMENT);
            if (!promoted && !experimentOver(prev) && StableRevision.revertsRollout(prev, stable))
                p.transition(ABORTED, "template reverted to stable revision " + stable + "; variant B " + prev.canaryRevision + " scaled to 0");
            p.replicas(stable, replicas);
            boolean switched = route(stable, stable, false);
            keepCarried();
            p.othersKeptUntil(scaleDownDue());   // after a promotion A keeps its pods while gateways catch up
            p.status.canaryRevision = null;
            p.status.currentWeight = 100;
            if (!switched && p.status.phase != Phase.Completed) {
                p.status.updatedReplicas = o.current(stable);
                p.phase(Phase.Progressing, switching);
                p.condition(Conditions.PROGRESSING, true, "SwitchingTraffic", p.status.message);
                return p.build();
            }
            StableRevision.settle(p, stable, replicas, "stable");
            return p.build();
        }

        /** A new revision (variant B) beside the stable one (A). */
        Plan experiment(String stable) {
            boolean newExperiment = !revision.equals(prev.canaryRevision);
            p.status.canaryRevision = revision;
            if (newExperiment) {
                boolean abandons = prev.canaryRevision != null && !prev.canaryRevision.equals(stable);
                p.status.abExperiment = new AbExperimentStatus();
                p.status.progressStartedAt = Timestamps.format(now);
                p.transition(STARTED, "A/B experiment of revision " + revision + " (B) against stable revision " + stable + " (A) started"
                        + (abandons ? "; abandoned revision " + prev.canaryRevision : ""));
            } else if (prev.phase == Phase.Aborted || keptA(prev)) {
                if (!requested(Annotations.RETRY)) return prev.phase == Phase.Aborted ? aborted(stable) : keepA(stable);
                p.status.abExperiment = new AbExperimentStatus();
                p.status.progressStartedAt = Timestamps.format(now);
                retry(": a new A/B experiment against " + stable);
            }
            p.consume(Annotations.RETRY);
            if (requested(Annotations.ABORT)) {
                abort("variant B " + revision + " scaled to 0, all traffic on stable revision " + stable);
                return aborted(stable);
            }
            AbExperimentStatus x = p.status.abExperiment == null ? (p.status.abExperiment = new AbExperimentStatus()) : p.status.abExperiment;
            if (x.concludedAt != null) return concluded(stable, x);

            p.replicas(revision, replicas).replicas(stable, replicas);
            keepCarried();
            p.othersToZero();
            p.status.currentWeight = 0;
            p.status.updatedReplicas = o.current(revision);
            health(revision, "variant B");
            String bSelects = o.available(revision) > 0 ? revision : stable;
            if (x.startedAt == null) {
                if (o.available(revision) < replicas) {
                    route(stable, bSelects, false);
                    waitForProgress("variant B " + revision + ": waiting for replicas (" + o.available(revision) + "/" + replicas + " available)",
                            p.status.progressStartedAt, "WaitingForReplicas");
                    return p.build();
                }
                x.startedAt = Timestamps.format(now);
            }
            route(stable, bSelects, true);
            return measure(stable, x);
        }

        /** Experimenting: conclude on request, at maxDuration, or on a consensus of significant metrics. */
        private Plan measure(String stable, AbExperimentStatus x) {
            Instant started = Timestamps.parse(x.startedAt);
            String manual = o.annotation(Annotations.CONCLUDE_EXPERIMENT);
            if ("false".equals(manual)) manual = null;
            Measurement m = o.measurement();
            Instant measurableAt = started.plus(minDuration());
            String waiting;
            if (m != null && revision.equals(m.revision()) && !m.time().isBefore(measurableAt)) {
                if (m.error() != null) {
                    countError(x, m);
                    waiting = "Prometheus error: " + m.error();
                } else {
                    x.consecutiveErrors = 0;
                    x.lastError = null;
                    x.lastErrorTime = null;
                    AbEvaluator.Evaluation e = AbEvaluator.evaluate(a.analysis, m);
                    x.sampleSizeA = e.sampleSizeA();
                    x.sampleSizeB = e.sampleSizeB();
                    if (e.enoughSamples()) x.results = e.results();
                    waiting = e.summary();
                    if (e.consensus() != null && manual == null) return conclude(stable, x, e.consensus(), ConclusionReason.ConsensusReached);
                }
            } else {
                waiting = now.isBefore(measurableAt) ? "no verdict before minDuration, at " + Timestamps.format(measurableAt)
                        : "waiting for a measurement";
                if (now.isBefore(measurableAt)) p.requeueAfter(Duration.between(now, measurableAt));
            }
            if (manual != null) {
                p.consume(Annotations.CONCLUDE_EXPERIMENT);
                return conclude(stable, x, AbEvaluator.consensus(x), ConclusionReason.ManualConclusion);
            }
            Optional<Duration> max = a.maxDuration == null ? Optional.empty() : DurationParser.parseWithDays(a.maxDuration);
            if (max.isPresent()) {
                Instant due = started.plus(max.get());
                if (!now.isBefore(due)) return conclude(stable, x, null, ConclusionReason.MaxDurationExceeded);
                p.requeueAfter(Duration.between(now, due));
            }
            p.phase(Phase.Experimenting, "A/B experiment: revision " + revision + " (B) against " + stable + " (A) since "
                    + x.startedAt + "; " + waiting);
            p.condition(Conditions.PROGRESSING, true, "Experimenting", p.status.message);
            return p.build();
        }

        /** One error per analysis tick: a reconcile that sees the same failed measurement again counts nothing. */
        private static void countError(AbExperimentStatus x, Measurement m) {
            Instant last = Timestamps.parse(x.lastErrorTime);
            if (last != null && !m.time().isAfter(last)) return;
            x.consecutiveErrors = (x.consecutiveErrors == null ? 0 : x.consecutiveErrors) + 1;
            x.lastError = m.error().length() <= MAX_ERROR ? m.error() : m.error().substring(0, MAX_ERROR - 1) + "…";
            x.lastErrorTime = Timestamps.format(m.time());
        }

        private Plan conclude(String stable, AbExperimentStatus x, Variant winner, ConclusionReason reason) {
            x.concludedAt = Timestamps.format(now);
            x.winner = winner;
            x.conclusionReason = reason;
            p.transition(EXPERIMENT_CONCLUDED, "A/B experiment of revision " + revision + " concluded (" + reason + "): "
                    + (winner == null ? "no winner" : "variant " + winner + " wins") + "; " + AbEvaluator.describe(x.results));
            return concluded(stable, x);
        }

        /** After the verdict: a winning B waits for its promotion; otherwise A is kept. */
        private Plan concluded(String stable, AbExperimentStatus x) {
            if (x.winner != Variant.B) return keepA(stable);
            String promotedBy = "true".equals(o.annotation(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS))
                    || "full".equals(o.annotation(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS)) ? "kulta.io/promote"
                    : Boolean.TRUE.equals(a.autoPromote) ? "autoPromote" : null;
            if (promotedBy != null && o.available(revision) >= replicas) {
                p.transition(PROMOTED, "variant B, revision " + revision + ", promoted (" + promotedBy + "): it replaces " + stable);
                p.status.stableRevision = revision;
                p.status.cutoverTime = Timestamps.format(now);
                p.status.phase = Phase.Progressing;   // so that settling on B reports it Completed
                promoted = true;
                return steady(revision);
            }
            p.replicas(revision, replicas).replicas(stable, replicas);
            keepCarried();
            p.othersToZero();
            route(stable, revision, true);
            p.status.updatedReplicas = o.current(revision);
            health(revision, "variant B");
            p.phase(Phase.Concluded, "A/B experiment concluded (" + x.conclusionReason + "): variant B, revision " + revision
                    + ", wins; " + (promotedBy != null ? "promoting once its replicas are available" : "set kulta.io/promote=true to promote it"));
            p.condition(Conditions.PROGRESSING, true, "ExperimentConcluded", p.status.message);
            return p.build();
        }

        /** A wins or nothing was shown: B scaled to 0, its rules removed, phase Completed on stable. */
        private Plan keepA(String stable) {
            p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS, Annotations.CONCLUDE_EXPERIMENT);
            onStableOnly(stable);
            StableRevision.settle(p, stable, replicas, "stable");
            AbExperimentStatus x = p.status.abExperiment;
            p.status.message = "A/B experiment concluded (" + x.conclusionReason + "): kept A, stable revision " + stable
                    + (x.winner == Variant.A ? ", the winner" : ", no significant winner") + "; variant B " + revision
                    + " scaled to 0 (change the template or set kulta.io/retry=true for a new experiment)";
            return p.build();
        }

        private Plan aborted(String stable) {
            p.consume(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS, Annotations.CONCLUDE_EXPERIMENT);
            onStableOnly(stable);
            health(stable, "stable");
            p.phase(Phase.Aborted, "aborted: variant B " + revision + " scaled to 0, all traffic on stable revision " + stable
                    + "; set kulta.io/retry=true or change the template to continue");
            p.condition(Conditions.PROGRESSING, false, "RolloutAborted", p.status.message);
            return p.build();
        }

        /** B's rules go first; B keeps its pods until variantBService, carrying no weight then, is back on stable. */
        private void onStableOnly(String stable) {
            p.replicas(stable, replicas);
            keepCarried();
            if (o.replicaSet(revision).isPresent() && !p.placed(revision)) p.replicas(revision, 0);
            p.othersToZero();
            route(stable, stable, false);
            p.status.currentWeight = 0;
            p.status.updatedReplicas = o.current(revision);
        }

        /**
         * Moves variantAService towards {@code revA} and variantBService towards {@code revB} make-before-break (SPEC §3
         * "Traffic safety"): a Service is re-pointed only while it carries no weight (or selects none of ours yet), and
         * only to a revision with an available pod; B's rules (if wanted) send to variantBService only once it has
         * selected {@code revB} for the settle time. When variantAService must follow variantBService onto the same
         * revision (a promotion) while the user's rules weight it, takeover rules first send those requests to
         * variantBService; they go once variantAService has selected the revision for the settle time.
         *
         * @return both Services select their revisions, settled, and no takeover is under way
         */
        private boolean route(String revA, String revB, boolean variantRules) {
            boolean bOn = repoint(a.variantBService, revB);
            boolean aOn = repoint(a.variantAService, revA);
            boolean bSettled = bOn && settled(a.variantBService);
            boolean aSettled = aOn && settled(a.variantAService);
            boolean takeover = !aSettled && revA.equals(revB) && bSettled && traffic.selection(a.variantAService).revision() != null;
            p.abRoute(AbRoute.of(a, variantRules && bSettled, takeover));
            if (!bSettled) switching = "switching " + a.variantBService + " to revision " + revB + ": "
                    + (bOn ? "its endpoints settle first" : "B's rules leave it first");
            else if (!aSettled) switching = "switching " + a.variantAService + " to revision " + revA + ": "
                    + (aOn ? "its endpoints settle before the takeover rules go" : "takeover rules send its requests to " + a.variantBService + " first");
            else switching = null;
            return switching == null;
        }

        /** Whether the Service selects the revision once this reconcile's writes are made. */
        private boolean repoint(String service, String wanted) {
            String selects = traffic.selection(service).revision();
            if (wanted.equals(selects)) {
                p.service(service, wanted);
                return true;
            }
            if ((traffic.weight(service) == 0 || selects == null) && o.available(wanted) > 0) {
                p.service(service, wanted);
                repointed.add(service);
                return true;
            }
            if (selects != null) p.service(service, selects);
            return false;
        }

        /** The Service has selected its revision (it selects the one wanted) for the settle time; else looks again then. */
        private boolean settled(String service) {
            Instant since = repointed.contains(service) ? now : traffic.selection(service).since();
            if (settle.isZero() || since == null || !now.isBefore(since.plus(settle))) return true;
            p.requeueAfter(Duration.between(now, since.plus(settle)));
            return false;
        }

        /** A revision a Service still sends requests to keeps its pods; the Service moves once the route has left it. */
        private void keepCarried() {
            for (String service : List.of(a.variantAService, a.variantBService)) {
                String rev = traffic.selection(service).revision();
                if (rev != null && traffic.weight(service) > 0 && !p.placed(rev) && o.desired(rev) > 0) p.replicas(rev, o.desired(rev));
            }
        }

        private void health(String rev, String role) {
            int available = o.available(rev);
            boolean ready = available >= replicas;
            p.condition(Conditions.HEALTHY, ready, ready ? "AllReplicasAvailable" : "ReplicasUnavailable",
                    available + "/" + replicas + " " + role + " replicas available");
        }

        /** When A goes to 0 after B's promotion (cutoverTime + scaleDownDelaySeconds), or null. */
        private Instant scaleDownDue() {
            Instant cutover = Timestamps.parse(p.status.cutoverTime);
            int delay = a.scaleDownDelaySeconds == null ? 30 : a.scaleDownDelaySeconds;
            return cutover == null ? null : cutover.plusSeconds(delay);
        }

        private Duration minDuration() {
            String d = a.analysis == null ? null : a.analysis.minDuration;
            return d == null ? Duration.ZERO : DurationParser.parse(d).orElse(Duration.ZERO);
        }

        /** The experiment of this revision concluded without promoting B. */
        private boolean keptA(RolloutStatus s) {
            return experimentOver(s) && revision.equals(s.canaryRevision);
        }

        /** An experiment concluded and A was kept: B is gone already, going back to A reverts nothing. */
        private static boolean experimentOver(RolloutStatus s) {
            return s.phase == Phase.Completed && s.abExperiment != null && s.abExperiment.concludedAt != null
                    && s.abExperiment.winner != Variant.B;
        }
    }
}
