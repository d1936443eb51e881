package io.kulta.core;

import io.kulta.model.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kulta.core.BlueGreenPreviewTest.inPreview;
import static io.kulta.core.BlueGreenPreviewTest.manual;
import static io.kulta.core.Plans.actions;
import static io.kulta.core.Plans.condition;
import static io.kulta.core.Rollouts.blueGreen;
import static io.kulta.core.Transition.Action.ABORTED;
import static io.kulta.core.Transition.Action.COMPLETED;
import static io.kulta.core.Transition.Action.PROMOTED;
import static io.kulta.core.Transition.Action.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §3 Blue-green, around the cutover and beyond: the old active revision's scale-down delay, abort
 * and retry, a new template during the preview, going back to the active template, and a settled
 * Rollout that has nothing to write.
 */
class BlueGreenLifecycleTest {
    static final String V1 = blueGreen("shop").image("shop:v1").revision();
    static final String V2 = blueGreen("shop").image("shop:v2").revision();
    static final String V3 = blueGreen("shop").image("shop:v3").revision();

    @Test
    void thePreviousActiveRevisionIsScaledToZeroScaleDownDelaySecondsAfterTheCutover() {
        FakeCluster shop = cutOver(manual());

        Plan before = shop.clockAdvances(Duration.ofSeconds(29)).reconcile();
        assertThat(before.replicas()).containsEntry(V1, 4);
        assertThat(before.requeueAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(before.transitions()).isEmpty();

        Plan due = shop.clockAdvances(Duration.ofSeconds(1)).reconcile();
        assertThat(due.replicas()).containsEntry(V1, 0).containsEntry(V2, 4);
        assertThat(due.requeueAfter()).isNull();
        assertThat(due.transitions()).isEmpty();
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
        assertThat(shop.status().message).isEqualTo("revision " + V2 + " is active");
        assertThat(shop.status().cutoverTime).as("kept as the record of the last cutover").isEqualTo("2026-11-25T10:00:00Z");
    }

    @Test
    void aScaleDownDelayOfZeroScalesThePreviousActiveRevisionDownAtTheCutover() {
        FakeCluster shop = inPreview(manual().scaleDownDelaySeconds(0).previewReplicaCount(4)).annotate(Annotations.PROMOTE, "true");
        assertThat(shop.reconcile().traffic().canaryWeight()).as("all traffic through the preview Service first").isEqualTo(100);

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(PROMOTED, COMPLETED);
        assertThat(plan.replicas()).containsEntry(V2, 4).containsEntry(V1, 0);
        assertThat(plan.requeueAfter()).isNull();
    }

    @Test
    void aSettledRolloutHasNothingToWrite() {
        FakeCluster shop = cutOver(manual());
        shop.clockAdvances(Duration.ofSeconds(30)).reconcile();

        Plan plan = shop.reconcile();

        assertThat(shop.writesFor(plan)).isEmpty();
        assertThat(plan.requeueAfter()).isNull();
    }

    @Test
    void aNewPreviewDuringTheScaleDownDelayLeavesThePreviousActiveRevisionItsPodsUntilTheDelayEnds() {
        FakeCluster shop = cutOver(manual()).clockAdvances(Duration.ofSeconds(10)).imageChangesTo("shop:v3");

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).containsEntry(V3, 2).containsEntry(V2, 4).containsEntry(V1, 4);
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(shop.status().activeRevision).isEqualTo(V2);
        assertThat(shop.status().previewRevision).isEqualTo(V3);

        Plan due = shop.clockAdvances(Duration.ofSeconds(20)).reconcile();
        assertThat(due.replicas()).containsEntry(V1, 0).containsEntry(V2, 4).containsEntry(V3, 2);
    }

    @Test
    void abortScalesThePreviewToZeroAndKeepsEverythingOnTheActiveRevision() {
        FakeCluster shop = inPreview(manual()).annotate(Annotations.ABORT, "true");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(ABORTED);
        assertThat(plan.transitions().get(0).message())
                .isEqualTo("aborted by kulta.io/abort: preview " + V2 + " scaled to 0, all traffic stays on active revision " + V1);
        assertThat(plan.consumed()).containsExactly(Annotations.ABORT);
        assertThat(plan.replicas()).containsEntry(V2, 0).containsEntry(V1, 4);
        assertThat(plan.serviceRevisions()).containsEntry("shop-active", V1).containsEntry("shop-preview", V1);
        assertThat(plan.traffic().canaryWeight()).isZero();
        assertThat(shop.phase()).isEqualTo(Phase.Aborted);
        assertThat(shop.status().message).isEqualTo("aborted: preview " + V2 + " scaled to 0, all traffic on active revision " + V1
                + "; set kulta.io/retry=true or change the template to continue");
        assertThat(condition(plan, Conditions.PROGRESSING).getStatus()).isEqualTo("False");
        assertThat(shop.status().activeRevision).isEqualTo(V1);
        assertThat(shop.status().previewRevision).as("the aborted preview, now at 0").isEqualTo(V2);
        assertThat(shop.status().pauseStartTime).isNull();

        shop.clockAdvances(Duration.ofHours(1)).reconcile();
        assertThat(shop.phase()).as("aborted until retry or a new template").isEqualTo(Phase.Aborted);
        assertThat(shop.writesFor(shop.reconcile())).isEmpty();
    }

    @Test
    void abortWhileThePreviewGrowsForPromotionCancelsThePromotion() {
        FakeCluster shop = inPreview(manual()).annotate(Annotations.PROMOTE, "true");
        shop.reconcile();
        shop.annotate(Annotations.ABORT, "true");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(ABORTED);
        assertThat(plan.consumed()).containsExactlyInAnyOrder(Annotations.ABORT, Annotations.PROMOTE);
        assertThat(plan.replicas()).containsEntry(V2, 0);
        assertThat(shop.selectorOf("shop-active")).isEqualTo(V1);
    }

    @Test
    void retryPreviewsTheSameRevisionAgain() {
        FakeCluster shop = inPreview(manual()).annotate(Annotations.ABORT, "true");
        shop.reconcile();
        shop.podsBecomeAvailable().clockAdvances(Duration.ofMinutes(5)).annotate(Annotations.RETRY, "true");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(STARTED);
        assertThat(plan.transitions().get(0).message()).isEqualTo("retry of revision " + V2 + " (kulta.io/retry): previewing it again");
        assertThat(plan.consumed()).containsExactly(Annotations.RETRY);
        assertThat(plan.replicas()).containsEntry(V2, 2).containsEntry(V1, 4);
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);

        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Preview);
        assertThat(shop.status().pauseStartTime).as("ready again, later").isEqualTo("2026-11-25T10:05:00Z");
    }

    @Test
    void aNewTemplateDuringThePreviewReplacesThePreview() {
        FakeCluster shop = inPreview(manual()).imageChangesTo("shop:v3");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(STARTED);
        assertThat(plan.transitions().get(0).message()).endsWith("; abandoned preview " + V2);
        assertThat(plan.replicas()).containsEntry(V2, 0).containsEntry(V3, 2).containsEntry(V1, 4);
        assertThat(plan.serviceRevisions()).as("no v3 pod yet").containsEntry("shop-preview", V1);
        assertThat(shop.status().previewRevision).isEqualTo(V3);
        assertThat(shop.status().pauseStartTime).isNull();
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
    }

    @Test
    void aNewTemplateAfterAnAbortStartsANewPreview() {
        FakeCluster shop = inPreview(manual()).annotate(Annotations.ABORT, "true");
        shop.reconcile();
        shop.imageChangesTo("shop:v3");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(STARTED);
        assertThat(plan.replicas()).containsEntry(V3, 2).containsEntry(V2, 0);
        assertThat(shop.status().previewRevision).isEqualTo(V3);
    }

    @Test
    void goingBackToTheActiveTemplateScalesThePreviewAway() {
        FakeCluster shop = inPreview(manual()).imageChangesTo("shop:v1");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).as("as for a canary: the active revision is reported Completed again")
                .containsExactly(ABORTED, COMPLETED);
        assertThat(plan.transitions().get(0).message())
                .isEqualTo("template reverted to active revision " + V1 + "; preview " + V2 + " scaled to 0");
        assertThat(plan.replicas()).containsEntry(V2, 0).containsEntry(V1, 4);
        assertThat(plan.serviceRevisions()).containsEntry("shop-active", V1).containsEntry("shop-preview", V1);
        assertThat(shop.status().previewRevision).isNull();
        assertThat(shop.status().canaryRevision).isNull();
        assertThat(shop.phase()).as("the active revision never stopped serving").isEqualTo(Phase.Completed);
    }

    @Test
    void promoteAbortAndRetryOnASettledRolloutAreRemovedWithoutEffect() {
        FakeCluster shop = FakeCluster.settled(manual()).annotate(Annotations.PROMOTE, "true")
                .annotate(Annotations.ABORT, "true").annotate(Annotations.RETRY, "true");

        Plan plan = shop.reconcile();

        assertThat(plan.consumed()).containsExactlyInAnyOrder(Annotations.PROMOTE, Annotations.ABORT, Annotations.RETRY);
        assertThat(plan.transitions()).isEmpty();
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
    }

    @Test
    void aRevisionStillWithinItsScaleDownDelayIsPromotedBackAtOnceWithItsOwnPods() {
        FakeCluster shop = cutOver(manual().autoPromotion(true, 0)).clockAdvances(Duration.ofSeconds(5)).imageChangesTo("shop:v1");

        assertThat(actions(shop.reconcile())).as("v1 still has all its pods: the preview is ready, the traffic moves to it")
                .containsExactly(STARTED);
        Plan plan = shop.reconcile();

        assertThat(actions(plan)).as("and it is promoted once previewService carries it all").containsExactly(PROMOTED, COMPLETED);
        assertThat(plan.serviceRevisions()).containsEntry("shop-active", V1);
        assertThat(plan.replicas()).as("v2 is now the previous active one, kept for its delay").containsEntry(V2, 4).containsEntry(V1, 4);
        assertThat(shop.status().activeRevision).isEqualTo(V1);
    }

    /** v2 promoted by annotation and active at T0; v1 within its scale-down delay. */
    private static FakeCluster cutOver(Rollouts.Builder rollout) {
        FakeCluster shop = inPreview(rollout).annotate(Annotations.PROMOTE, "true");
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.routeCanaryWeight()).as("all traffic through the preview Service first").isEqualTo(100);
        shop.reconcile();
        assertThat(shop.routeCanaryWeight()).as("then back to the active Service, now on v2").isZero();
        assertThat(shop.status().activeRevision).isEqualTo(V2);
        assertThat(shop.replicas()).containsEntry(V1, 4).containsEntry(V2, 4);
        return shop;
    }
}
