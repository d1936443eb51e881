package io.kulta.core;

import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static io.kulta.core.ObservationBuilder.observe;
import static io.kulta.core.Plans.actions;
import static io.kulta.core.Plans.condition;
import static io.kulta.core.Rollouts.T0;
import static io.kulta.core.Rollouts.canary;
import static io.kulta.core.Rollouts.pause;
import static io.kulta.core.Rollouts.setWeight;
import static io.kulta.core.Rollouts.step;
import static io.kulta.core.Transition.Action.PAUSED;
import static io.kulta.core.Transition.Action.PROMOTED;
import static io.kulta.core.Transition.Action.STEP_ADVANCED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §3 Canary, pauses and promotion: a timed pause waits until pauseStartTime + duration, pause {}
 * waits for kulta.io/promote=true; promote=true advances one step, promote=full jumps to completion,
 * rollouts.kulta.io/promote is an alias, and the annotation is removed once acted on.
 */
class CanaryPausesTest {
    static final String V1 = canary("shop").image("shop:v1").revision();
    static final String V2 = canary("shop").image("shop:v2").revision();

    @Test
    void anIndefinitePauseHoldsUntilPromoted() {
        FakeCluster shop = pausedAtStepOne();

        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        assertThat(shop.status().pauseStartTime).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(shop.status().message).isEqualTo("step 1/3: 20% to canary, paused until kulta.io/promote=true");
        assertThat(condition(shop.status(), Conditions.PROGRESSING).getReason()).isEqualTo("RolloutPaused");
        assertThat(shop.lastTransitions()).containsExactly(PAUSED);
        assertThat(shop.lastPlan().requeueAfter()).as("nothing to wait for but the user").isNull();

        shop.clockAdvances(Duration.ofDays(3));
        Plan later = shop.reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        assertThat(shop.status().pauseStartTime).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(later.transitions()).isEmpty();
        assertThat(shop.writesFor(shop.reconcile())).isEmpty();
    }

    @Test
    void aTimedPauseStartsWhenItsWeightIsAppliedAndAsksToBeWokenWhenItEnds() {
        FakeCluster shop = pausedAtStepOne().annotate(Annotations.PROMOTE, "true");
        shop.reconcile();
        shop.reconcile();
        shop.clockAdvances(Duration.ofSeconds(7)).podsBecomeAvailable();

        Plan plan = shop.reconcile();

        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        assertThat(shop.status().currentWeight).isEqualTo(50);
        assertThat(shop.status().pauseStartTime).isEqualTo("2026-11-25T10:00:07Z");
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(shop.status().message).isEqualTo("step 2/3: 50% to canary, paused 5m until 2026-11-25T10:05:07Z");
        assertThat(actions(plan)).containsExactly(PAUSED);
        assertThat(plan.transitions().get(0).message()).isEqualTo("step 2/3: 50% to canary, paused for 5m");
    }

    @Test
    void whileATimedPauseRunsTheRequeueIsTheTimeLeftAndNothingChanges() {
        FakeCluster shop = inTimedPause();
        shop.clockAdvances(Duration.ofSeconds(108));

        Plan plan = shop.reconcile();

        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(192));
        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        assertThat(plan.transitions()).isEmpty();
        assertThat(shop.writesFor(shop.reconcile())).as("the message does not tick").isEmpty();
    }

    @Test
    void aTimedPauseEndsExactlyWhenItIsDue() {
        FakeCluster shop = inTimedPause();
        shop.clockAdvances(Duration.ofMinutes(5).minusSeconds(1));
        shop.reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Paused);

        shop.clockAdvances(Duration.ofSeconds(1));
        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(STEP_ADVANCED);
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
        assertThat(shop.status().currentStepIndex).isEqualTo(2);
        assertThat(shop.status().pauseStartTime).isNull();
        assertThat(shop.status().message).isEqualTo("step 2/3 pause of 5m ended; entering step 3/3 (80%)");
        assertThat(plan.requeueAfter()).isNull();
    }

    @Test
    void aTimedPauseLongOverdueEndsOnTheNextReconcile() {
        FakeCluster shop = inTimedPause();
        shop.clockAdvances(Duration.ofHours(6));

        assertThat(actions(shop.reconcile())).containsExactly(STEP_ADVANCED);
        assertThat(shop.status().currentStepIndex).isEqualTo(2);
    }

    @Test
    void promoteTrueAdvancesOneStepAndIsRemoved() {
        FakeCluster shop = pausedAtStepOne().annotate(Annotations.PROMOTE, "true");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(PROMOTED);
        assertThat(plan.consumed()).containsExactly(Annotations.PROMOTE);
        assertThat(shop.rollout().getMetadata().getAnnotations()).doesNotContainKey(Annotations.PROMOTE);
        assertThat(shop.status().currentStepIndex).isEqualTo(1);
        assertThat(shop.status().message).isEqualTo("step 1/3 promoted by kulta.io/promote; entering step 2/3 (50%)");

        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.phase()).as("only one step").isEqualTo(Phase.Paused);
        assertThat(shop.status().currentWeight).isEqualTo(50);
    }

    @Test
    void promoteTrueCutsATimedPauseShort() {
        FakeCluster shop = inTimedPause().annotate(Annotations.PROMOTE, "true");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(PROMOTED);
        assertThat(shop.status().currentStepIndex).isEqualTo(2);
        assertThat(shop.status().pauseStartTime).isNull();
    }

    @Test
    void theAliasRolloutsKultaIoPromoteWorksTheSame() {
        FakeCluster shop = pausedAtStepOne().annotate(Annotations.PROMOTE_ALIAS, "true");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(PROMOTED);
        assertThat(plan.consumed()).containsExactly(Annotations.PROMOTE_ALIAS);
        assertThat(shop.status().currentStepIndex).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}=full")
    @ValueSource(strings = {Annotations.PROMOTE, Annotations.PROMOTE_ALIAS})
    void promoteFullSkipsTheRemainingStepsToCompletion(String annotation) {
        FakeCluster shop = pausedAtStepOne().annotate(annotation, "full");
        String v1 = shop.status().stableRevision;
        String v2 = shop.status().canaryRevision;

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(PROMOTED);
        assertThat(plan.consumed()).containsExactly(annotation);
        assertThat(shop.status().currentStepIndex).isEqualTo(3);
        assertThat(shop.replicas()).as("canary to full size, stable kept until it is ready")
                .containsEntry(v2, 5).containsEntry(v1, 4);
        assertThat(shop.status().currentWeight).isEqualTo(20);
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);

        shop.podsBecomeAvailable();
        assertThat(shop.reconcile().traffic().canaryWeight()).as("all traffic to the canary Service first").isEqualTo(100);
        assertThat(actions(shop.reconcile())).containsExactly(Transition.Action.COMPLETED);
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
        assertThat(shop.status().stableRevision).isEqualTo(v2);
    }

    @Test
    void promoteOnARolloutWaitingForReplicasWaitsForThePause() {
        // the code's choice: promote=true is kept until a pause can act on it, then skips that pause
        FakeCluster shop = settledShop().imageChangesTo("shop:v2").annotate(Annotations.PROMOTE, "true");

        Plan waiting = shop.reconcile();
        assertThat(waiting.consumed()).isEmpty();
        assertThat(shop.rollout().getMetadata().getAnnotations()).containsKey(Annotations.PROMOTE);

        Plan ready = shop.podsBecomeAvailable().reconcile();
        assertThat(actions(ready)).containsExactly(PROMOTED);
        assertThat(ready.consumed()).containsExactly(Annotations.PROMOTE);
    }

    @Test
    void anUnknownPromoteValueIsIgnored() {
        FakeCluster shop = pausedAtStepOne().annotate(Annotations.PROMOTE, "yes");

        Plan plan = shop.reconcile();

        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        assertThat(plan.transitions()).isEmpty();
        assertThat(plan.consumed()).isEmpty();
    }

    @Test
    void aPauseStepWithoutWeightPausesAtThePreviousWeight() {
        FakeCluster shop = FakeCluster.settled(canary("shop").replicas(4).httpRoute("shop-route")
                .steps(setWeight(25), pause("30s"), setWeight(75), pause()));
        shop.imageChangesTo("shop:v2").reconcile();
        shop.podsBecomeAvailable().reconcile();

        Plan plan = shop.reconcile();

        assertThat(shop.status().currentStepIndex).isEqualTo(1);
        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        assertThat(shop.routeCanaryWeight()).isEqualTo(25);
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(shop.status().message).startsWith("step 2/4: 25% to canary, paused 30s until");
    }

    @Test
    void theTimeLeftIsCountedFromTheStoredPauseStartTime() {
        Plan plan = observe(pausedAt50Percent()).replicaSet(V1, 2, 2).replicaSet(V2, 3, 3)
                .at(T0.plus(Duration.ofMinutes(4))).plan();

        assertThat(plan.status().phase).isEqualTo(Phase.Paused);
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(plan.status().message).isEqualTo("step 2/3: 50% to canary, paused 5m until 2026-11-25T10:05:00Z");
        assertThat(plan.transitions()).isEmpty();
    }

    @Test
    void bothPromoteAnnotationsTogetherAdvanceOneStepAndAreBothRemoved() {
        Plan plan = observe(pausedAt50Percent().annotate(Annotations.PROMOTE, "true").annotate(Annotations.PROMOTE_ALIAS, "true"))
                .replicaSet(V1, 2, 2).replicaSet(V2, 3, 3).plan();

        assertThat(plan.status().currentStepIndex).isEqualTo(2);
        assertThat(plan.consumed()).containsExactlyInAnyOrder(Annotations.PROMOTE, Annotations.PROMOTE_ALIAS);
        assertThat(actions(plan)).containsExactly(PROMOTED);
    }

    /** The Rollout as stored while paused at 50% (step 2/3, 5m) since T0. */
    private static Rollouts.Builder pausedAt50Percent() {
        RolloutStatus status = Rollouts.canaryStatus(V1, V2, 1, 50);
        status.phase = Phase.Paused;
        status.pauseStartTime = "2026-11-25T10:00:00Z";
        return canary("shop").image("shop:v2").replicas(5).httpRoute("shop-route")
                .steps(step(20, null), step(50, "5m"), step(80, null)).status(status);
    }

    /** Examples' steps: 20% indefinite, 50% for 5m, 80% indefinite; v2 at 20%, paused. */
    private static FakeCluster pausedAtStepOne() {
        FakeCluster shop = settledShop().imageChangesTo("shop:v2");
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.now()).isEqualTo(T0);
        return shop;
    }

    /** At 50%, paused for 5m since T0. */
    private static FakeCluster inTimedPause() {
        FakeCluster shop = pausedAtStepOne().annotate(Annotations.PROMOTE, "true");
        shop.reconcile();
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Paused);
        assertThat(shop.status().pauseStartTime).isEqualTo("2026-11-25T10:00:00Z");
        return shop;
    }

    private static FakeCluster settledShop() {
        return FakeCluster.settled(canary("shop").replicas(5).httpRoute("shop-route")
                .steps(step(20, null), step(50, "5m"), step(80, null)));
    }
}
