package io.kulta.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.kulta.core.Plans.actions;
import static io.kulta.core.Plans.condition;
import static io.kulta.core.Rollouts.canary;
import static io.kulta.core.Rollouts.step;
import static io.kulta.core.Transition.Action.ABORTED;
import static io.kulta.core.Transition.Action.COMPLETED;
import static io.kulta.core.Transition.Action.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §3 Revisions and Canary, across reconciles: first deployment, completion, a new template or the
 * old one mid-rollout, scaling, abort and retry, and a settled Rollout that has nothing to write.
 */
class CanaryLifecycleTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String V1 = canary("shop").image("shop:v1").revision();
    static final String V2 = canary("shop").image("shop:v2").revision();
    static final String V3 = canary("shop").image("shop:v3").revision();

    @Test
    void aFirstDeploymentBecomesStableAtFullSizeWithoutSteps() {
        FakeCluster shop = FakeCluster.of(shop());

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).containsExactly(Map.entry(V1, 5));
        assertThat(shop.status().stableRevision).isEqualTo(V1);
        assertThat(shop.status().canaryRevision).isNull();
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
        assertThat(shop.status().message).isEqualTo("revision " + V1 + ": waiting for replicas (0/5 available)");
        assertThat(plan.serviceRevisions()).as("no pod available yet").isEmpty();
        assertThat(plan.traffic().canaryWeight()).isZero();
        assertThat(actions(plan)).containsExactly(STARTED);
    }

    @Test
    void aFirstDeploymentCompletesOnceItsReplicasAreAvailable() {
        FakeCluster shop = FakeCluster.of(shop());
        shop.reconcile();
        shop.podsBecomeAvailable(V1, 4);
        assertThat(shop.reconcile().transitions()).isEmpty();
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);

        Plan plan = shop.podsBecomeAvailable().reconcile();

        assertThat(shop.phase()).isEqualTo(Phase.Completed);
        assertThat(actions(plan)).containsExactly(COMPLETED);
        assertThat(plan.serviceRevisions()).as("the canary Service selects stable while there is no canary")
                .containsEntry("shop-stable", V1).containsEntry("shop-canary", V1);
        assertThat(condition(plan, Conditions.HEALTHY).getStatus()).isEqualTo("True");
        assertThat(shop.status().currentWeight).isEqualTo(100);
    }

    @Test
    void aFirstDeploymentSeenAgainBeforeItsReplicaSetIsCachedReportsNothingNew() {
        FakeCluster shop = FakeCluster.of(shop());
        Plan first = shop.reconcile();
        Rollout recorded = shop.rollout();

        Plan again = ObservationBuilder.observe(recorded).plan();   // the informer has not seen the new ReplicaSet yet

        assertThat(again.transitions()).isEmpty();
        assertThat(again.status().progressStartedAt).isEqualTo(first.status().progressStartedAt);
        assertThat((JsonNode) JSON.valueToTree(again.status())).isEqualTo(JSON.valueToTree(recorded.getStatus()));
    }

    @Test
    void aFirstDeploymentWithZeroReplicasIsCompletedAtOnce() {
        FakeCluster shop = FakeCluster.of(shop().replicas(0));

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).containsExactly(Map.entry(V1, 0));
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
        assertThat(actions(plan)).containsExactly(STARTED, COMPLETED);
    }

    @Test
    void aSettledRolloutHasNothingToWrite() {
        FakeCluster shop = FakeCluster.settled(shop());

        Plan plan = shop.reconcile();

        assertThat(shop.writesFor(plan)).isEmpty();
        JsonNode planned = JSON.valueToTree(plan.status());
        JsonNode observed = JSON.valueToTree(plan.basis().rollout().getStatus());
        assertThat(planned).as("apply compares status trees: equal means no status write").isEqualTo(observed);
        assertThat(plan.transitions()).isEmpty();
        assertThat(plan.requeueAfter()).isNull();
    }

    @Test
    void aRolloutWaitingForCanaryPodsHasNothingNewToWrite() {
        FakeCluster shop = FakeCluster.settled(shop()).imageChangesTo("shop:v2");
        shop.reconcile();

        assertThat(shop.writesFor(shop.reconcile())).isEmpty();
    }

    @Test
    void aCanaryThatGetsNoReplicasWithinTheProgressDeadlineFailsAndRecoversWhenTheyCome() {
        FakeCluster shop = FakeCluster.settled(shop().spec(s -> s.progressDeadlineSeconds = 120)).imageChangesTo("shop:v2");
        assertThat(shop.reconcile().requeueAfter()).isEqualTo(java.time.Duration.ofSeconds(120));

        Plan failed = shop.clockAdvances(java.time.Duration.ofSeconds(120)).reconcile();

        assertThat(shop.phase()).isEqualTo(Phase.Failed);
        assertThat(condition(failed, Conditions.PROGRESSING).getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(actions(failed)).containsExactly(Transition.Action.PROGRESS_DEADLINE_EXCEEDED);
        assertThat(shop.status().message).contains("no progress for 2m");
        assertThat(shop.writesFor(shop.clockAdvances(java.time.Duration.ofSeconds(30)).reconcile())).as("reported once").isEmpty();

        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.phase()).isNotEqualTo(Phase.Failed);
        assertThat(shop.status().currentWeight).isEqualTo(20);
    }

    @Test
    void afterTheLastStepTheTrafficMovesMakeBeforeBreakAndTheCanaryBecomesStable() {
        FakeCluster shop = atLastStep();
        shop.annotate(Annotations.PROMOTE, "true").reconcile();
        Plan waiting = shop.reconcile();
        assertThat(shop.phase()).as("completion needs all 5 pods of v2").isEqualTo(Phase.Progressing);
        assertThat(waiting.replicas()).containsEntry(V2, 5).containsEntry(V1, 2);
        assertThat(shop.routeCanaryWeight()).isEqualTo(60);

        Plan allOnCanary = shop.podsBecomeAvailable().reconcile();
        assertThat(allOnCanary.traffic().canaryWeight()).as("first all traffic to shop-canary, which selects v2").isEqualTo(100);
        assertThat(allOnCanary.serviceRevisions()).containsEntry("shop-stable", V1).containsEntry("shop-canary", V2);
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);

        Plan plan = shop.reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
        assertThat(shop.status().stableRevision).isEqualTo(V2);
        assertThat(shop.status().canaryRevision).isNull();
        assertThat(shop.status().currentWeight).isEqualTo(100);
        assertThat(shop.status().cutoverTime).isEqualTo(Timestamps.format(shop.now()));
        assertThat(plan.replicas()).as("v1 keeps its pods scaleDownDelaySeconds").containsEntry(V2, 5).containsEntry(V1, 2);
        assertThat(plan.serviceRevisions()).containsEntry("shop-stable", V2).containsEntry("shop-canary", V2);
        assertThat(plan.traffic()).as("then 100/0 to the stable Service, which now selects v2")
                .isEqualTo(new TrafficSplit("shop-route", "shop-stable", "shop-canary", 0, 80));
        assertThat(actions(plan)).containsExactly(COMPLETED);
        assertThat(plan.transitions().get(0).message())
                .isEqualTo("revision " + V2 + " promoted to stable with 5 replicas, replacing " + V1);

        assertThat(shop.clockAdvances(java.time.Duration.ofSeconds(30)).reconcile().replicas()).containsEntry(V1, 0);
    }

    @Test
    void aCompletedRolloutSettlesAndHasNothingToWrite() {
        FakeCluster shop = atLastStep().annotate(Annotations.PROMOTE, "full");
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        shop.reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Completed);

        Plan after = shop.reconcile();
        assertThat(after.transitions()).isEmpty();
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
        assertThat(shop.writesFor(shop.reconcile())).isEmpty();
    }

    @Test
    void aNewTemplateMidRolloutDrainsTheCanaryThenRestartsTheStepsForTheNewestRevision() {
        FakeCluster shop = atLastStep().imageChangesTo("shop:v3");

        Plan plan = shop.reconcile();
        assertThat(plan.replicas()).as("v1 back to full size first; v2 keeps the pods of its 60%")
                .containsEntry(V1, 5).containsEntry(V2, 3).doesNotContainKey(V3);
        assertThat(plan.traffic().canaryWeight()).as("v1's 2 of 5 pods carry 40%").isEqualTo(60);
        assertThat(shop.status().canaryRevision).as("still draining v2").isEqualTo(V2);
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
        assertThat(shop.status().message).startsWith("abandoning canary " + V2 + " for revision " + V3);

        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.routeCanaryWeight()).as("v1 has all its pods: all traffic back").isZero();
        assertThat(shop.replicasOf(V2)).as("abortScaleDownDelaySeconds not over").isEqualTo(3);

        Plan started = shop.clockAdvances(java.time.Duration.ofSeconds(30)).reconcile();
        assertThat(started.replicas()).containsEntry(V2, 0).containsEntry(V3, 1).containsEntry(V1, 5);
        assertThat(started.serviceRevisions()).containsEntry("shop-canary", V1);
        assertThat(shop.status().canaryRevision).isEqualTo(V3);
        assertThat(shop.status().currentStepIndex).isZero();
        assertThat(shop.status().pauseStartTime).isNull();
        assertThat(actions(started)).containsExactly(STARTED);
        assertThat(started.transitions().get(0).message()).endsWith("; abandoned canary " + V2);

        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        assertThat(shop.replicas()).containsEntry(V3, 1).containsEntry(V1, 4).containsEntry(V2, 0);
    }

    @Test
    void goingBackToTheStableTemplateAbortsTheCanaryMakeBeforeBreak() {
        FakeCluster shop = atLastStep().imageChangesTo("shop:v1");

        Plan plan = shop.reconcile();
        assertThat(plan.replicas()).containsEntry(V1, 5).containsEntry(V2, 3);
        assertThat(plan.traffic().canaryWeight()).as("v1 has 2 of 5 pods: 40% back").isEqualTo(60);
        assertThat(shop.status().stableRevision).isEqualTo(V1);
        assertThat(actions(plan)).containsExactly(ABORTED);
        assertThat(plan.transitions().get(0).message())
                .isEqualTo("template reverted to stable revision " + V1 + "; canary " + V2 + " drained and scaled to 0");
        assertThat(shop.phase()).isEqualTo(Phase.Aborted);

        assertThat(shop.podsBecomeAvailable().reconcile().traffic().canaryWeight()).isZero();
        assertThat(shop.lastTransitions()).isEmpty();
        Plan done = shop.clockAdvances(java.time.Duration.ofSeconds(30)).reconcile();
        assertThat(done.replicas()).containsEntry(V1, 5).containsEntry(V2, 0);
        assertThat(done.serviceRevisions()).containsEntry("shop-stable", V1).containsEntry("shop-canary", V1);
        assertThat(shop.status().canaryRevision).isNull();
        assertThat(actions(done)).containsExactly(COMPLETED);
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
    }

    @Test
    void scalingUpMidRolloutRescalesBothSidesInProportion() {
        FakeCluster shop = atFirstPause().scaleTo(10);
        String pausedSince = shop.status().pauseStartTime;

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).containsEntry(V1, 8).containsEntry(V2, 2);
        assertThat(shop.status().currentWeight).isEqualTo(20);
        assertThat(shop.phase()).as("the canary needs its second pod").isEqualTo(Phase.Progressing);

        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        assertThat(shop.status().pauseStartTime).as("the same pause goes on").isEqualTo(pausedSince);
        assertThat(shop.lastPlan().transitions()).isEmpty();
    }

    @Test
    void scalingDownMidRolloutRescalesBothSidesInProportion() {
        FakeCluster shop = atLastStep().scaleTo(3);

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).as("60% of 3: canary ceil(1.8), stable max(1, ceil(1.2))").containsEntry(V1, 2).containsEntry(V2, 2);
        assertThat(shop.phase()).isEqualTo(Phase.Paused);
    }

    @Test
    void scalingAfterCompletionResizesTheStableRevision() {
        FakeCluster shop = FakeCluster.settled(shop()).scaleTo(7);

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).containsExactly(Map.entry(V1, 7));
        assertThat(condition(plan, Conditions.HEALTHY).getStatus()).isEqualTo("False");
        assertThat(shop.phase()).as("still the same stable revision").isEqualTo(Phase.Completed);
    }

    @Test
    void abortMovesTrafficBackAsStablePodsBecomeAvailableThenScalesTheCanaryAway() {
        FakeCluster shop = atLastStep().annotate(Annotations.ABORT, "true");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(ABORTED);
        assertThat(plan.consumed()).containsExactly(Annotations.ABORT);
        assertThat(shop.phase()).isEqualTo(Phase.Aborted);
        assertThat(plan.replicas()).as("stable back to N first, the canary keeps its pods").containsEntry(V1, 5).containsEntry(V2, 3);
        assertThat(plan.traffic().canaryWeight()).as("v1's 2 of 5 pods carry 40%").isEqualTo(60);
        assertThat(shop.status().pauseStartTime).isNull();
        assertThat(condition(plan, Conditions.PROGRESSING).getStatus()).isEqualTo("False");

        shop.podsBecomeAvailable(V1, 4).reconcile();
        assertThat(shop.routeCanaryWeight()).isEqualTo(20);
        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.routeCanaryWeight()).isZero();
        assertThat(shop.status().currentWeight).isZero();
        assertThat(shop.replicasOf(V2)).as("abortScaleDownDelaySeconds (30) after its weight reached 0").isEqualTo(3);
        assertThat(shop.lastPlan().requeueAfter()).isEqualTo(java.time.Duration.ofSeconds(30));

        Plan away = shop.clockAdvances(java.time.Duration.ofSeconds(30)).reconcile();
        assertThat(away.replicas()).containsEntry(V1, 5).containsEntry(V2, 0);
        assertThat(away.serviceRevisions()).containsEntry("shop-stable", V1).containsEntry("shop-canary", V1);
        assertThat(shop.status().message).contains("kulta.io/retry=true");
        shop.reconcile();
        assertThat(shop.phase()).as("aborted until retry or a new template").isEqualTo(Phase.Aborted);
        assertThat(shop.writesFor(shop.reconcile())).isEmpty();
    }

    @Test
    void retryRestartsTheStepsOfTheSameRevision() {
        FakeCluster shop = atLastStep().annotate(Annotations.ABORT, "true");
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        shop.clockAdvances(java.time.Duration.ofSeconds(30)).reconcile();
        shop.annotate(Annotations.RETRY, "true");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(STARTED);
        assertThat(plan.consumed()).containsExactly(Annotations.RETRY);
        assertThat(shop.status().canaryRevision).isEqualTo(V2);
        assertThat(shop.status().currentStepIndex).isZero();
        assertThat(plan.replicas()).containsEntry(V2, 1).containsEntry(V1, 5);

        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        assertThat(shop.status().currentWeight).isEqualTo(20);
    }

    @Test
    void aNewTemplateAfterAnAbortStartsANewRollout() {
        FakeCluster shop = atLastStep().annotate(Annotations.ABORT, "true");
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        shop.clockAdvances(java.time.Duration.ofSeconds(30)).reconcile();
        shop.imageChangesTo("shop:v3");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(STARTED);
        assertThat(shop.status().canaryRevision).isEqualTo(V3);
        assertThat(plan.replicas()).containsEntry(V3, 1).containsEntry(V2, 0);
    }

    @Test
    void abortAndRetryOnASettledRolloutAreRemovedWithoutEffect() {
        FakeCluster shop = FakeCluster.settled(shop()).annotate(Annotations.ABORT, "true").annotate(Annotations.RETRY, "true");

        Plan plan = shop.reconcile();

        assertThat(plan.consumed()).containsExactlyInAnyOrder(Annotations.ABORT, Annotations.RETRY);
        assertThat(plan.transitions()).isEmpty();
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
    }

    /** 5 replicas, steps 20% (indefinite), 60% (indefinite). */
    private static Rollouts.Builder shop() {
        return canary("shop").replicas(5).httpRoute("shop-route").steps(step(20, null), step(60, null));
    }

    private static FakeCluster atFirstPause() {
        FakeCluster shop = FakeCluster.settled(shop()).imageChangesTo("shop:v2");
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        return shop;
    }

    /** v2 at 60% (3 pods), paused at the last step; v1 has 2. */
    private static FakeCluster atLastStep() {
        FakeCluster shop = atFirstPause().annotate(Annotations.PROMOTE, "true");
        shop.reconcile();
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.replicas()).containsEntry(V1, 2).containsEntry(V2, 3);
        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        return shop;
    }
}
