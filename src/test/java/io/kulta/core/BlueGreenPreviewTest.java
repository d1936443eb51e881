package io.kulta.core;

import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.kulta.core.Plans.actions;
import static io.kulta.core.Plans.condition;
import static io.kulta.core.Rollouts.blueGreen;
import static io.kulta.core.Transition.Action.COMPLETED;
import static io.kulta.core.Transition.Action.PROMOTED;
import static io.kulta.core.Transition.Action.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * SPEC §3 Blue-green, up to the cutover: the first deployment, the preview beside the active revision,
 * previewService following the preview once it has a pod, phase Preview, promotion by annotation or
 * after autoPromotionSeconds, and the preview growing to spec.replicas before activeService switches.
 */
class BlueGreenPreviewTest {
    static final String V1 = blueGreen("shop").image("shop:v1").revision();
    static final String V2 = blueGreen("shop").image("shop:v2").revision();
    static final TrafficSplit ALL_ON_ACTIVE = new TrafficSplit("shop-route", "shop-active", "shop-preview", 0, 80);

    @Test
    void aFirstDeploymentBecomesActiveAtFullSizeAndCompletesOnceAvailable() {
        FakeCluster shop = FakeCluster.of(manual());

        Plan started = shop.reconcile();
        assertThat(started.replicas()).containsExactly(Map.entry(V1, 4));
        assertThat(actions(started)).containsExactly(STARTED);
        assertThat(shop.status().stableRevision).isEqualTo(V1);
        assertThat(shop.status().activeRevision).isEqualTo(V1);
        assertThat(shop.status().previewRevision).isNull();
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);

        Plan done = shop.podsBecomeAvailable().reconcile();
        assertThat(actions(done)).containsExactly(COMPLETED);
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
        assertThat(shop.status().message).isEqualTo("revision " + V1 + " is active");
        assertThat(done.serviceRevisions()).as("the preview Service selects active while there is no preview")
                .containsEntry("shop-active", V1).containsEntry("shop-preview", V1);
        assertThat(done.traffic()).isEqualTo(ALL_ON_ACTIVE);
    }

    @Test
    void aNewRevisionStartsAsAPreviewOfPreviewReplicaCountBesideTheActiveOne() {
        FakeCluster shop = FakeCluster.settled(manual()).imageChangesTo("shop:v2");

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).containsEntry(V2, 2).containsEntry(V1, 4);
        assertThat(actions(plan)).containsExactly(STARTED);
        assertThat(plan.transitions().get(0).message())
                .isEqualTo("blue-green rollout of revision " + V2 + " started: preview beside active revision " + V1);
        assertThat(shop.status().stableRevision).isEqualTo(V1);
        assertThat(shop.status().activeRevision).isEqualTo(V1);
        assertThat(shop.status().canaryRevision).isEqualTo(V2);
        assertThat(shop.status().previewRevision).isEqualTo(V2);
        assertThat(shop.status().currentWeight).isZero();
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
        assertThat(shop.status().message).isEqualTo("preview " + V2 + ": waiting for replicas (0/2 available)");
        assertThat(shop.selectorOf("shop-preview")).as("no preview pod yet").isEqualTo(V1);
        assertThat(plan.traffic()).isEqualTo(ALL_ON_ACTIVE);
    }

    @Test
    void thePreviewServiceSelectsThePreviewOnceItHasAnAvailablePod() {
        FakeCluster shop = FakeCluster.settled(manual()).imageChangesTo("shop:v2");
        shop.reconcile();

        Plan plan = shop.podsBecomeAvailable(V2, 1).reconcile();

        assertThat(plan.serviceRevisions()).containsEntry("shop-preview", V2).containsEntry("shop-active", V1);
        assertThat(plan.traffic()).as("the route stays all on activeService").isEqualTo(ALL_ON_ACTIVE);
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
        assertThat(shop.status().pauseStartTime).as("not fully available yet").isNull();
    }

    @Test
    void aFullyAvailablePreviewWaitsInPhasePreviewForKultaPromote() {
        FakeCluster shop = inPreview(manual());

        assertThat(shop.phase()).isEqualTo(Phase.Preview);
        assertThat(shop.status().pauseStartTime).as("when the preview became ready").isEqualTo("2026-11-25T10:00:00Z");
        assertThat(shop.status().message)
                .isEqualTo("preview " + V2 + " ready on shop-preview with 2 replicas; waiting for kulta.io/promote=true");
        assertThat(condition(shop.status(), Conditions.PROGRESSING).getReason()).isEqualTo("PreviewReady");
        assertThat(shop.lastPlan().requeueAfter()).isNull();
        assertThat(shop.selectorOf("shop-active")).isEqualTo(V1);
        assertThat(shop.replicas()).containsEntry(V1, 4).containsEntry(V2, 2);

        shop.clockAdvances(Duration.ofDays(2));
        assertThat(shop.writesFor(shop.reconcile())).as("waits for the user, writing nothing").isEmpty();
    }

    @Test
    void promotionFirstGrowsThePreviewToFullSizeWhileActiveKeepsAllTraffic() {
        FakeCluster shop = inPreview(manual()).annotate(Annotations.PROMOTE, "true");

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).containsEntry(V2, 4).containsEntry(V1, 4);
        assertThat(plan.serviceRevisions()).containsEntry("shop-active", V1);
        assertThat(plan.traffic()).isEqualTo(ALL_ON_ACTIVE);
        assertThat(plan.consumed()).as("the request holds until the cutover").isEmpty();
        assertThat(plan.transitions()).isEmpty();
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
        assertThat(shop.status().message).isEqualTo("promoting revision " + V2 + " (kulta.io/promote): scaling it to 4 replicas"
                + " (2/4 available) before activeService switches to it");
        assertThat(condition(plan, Conditions.PROGRESSING).getReason()).isEqualTo("Promoting");
        assertThat(shop.reconcile().transitions()).as("three of four are not enough").isEmpty();
    }

    @Test
    void theCutoverMovesTrafficThroughThePreviewServiceWhileActiveServiceSwitchesOnceTheNewRevisionHasAllItsReplicas() {
        FakeCluster shop = inPreview(manual()).annotate(Annotations.PROMOTE, "true");
        shop.reconcile();

        Plan viaPreview = shop.podsBecomeAvailable().reconcile();
        assertThat(viaPreview.traffic().canaryWeight()).as("all traffic to shop-preview (on v2) first").isEqualTo(100);
        assertThat(viaPreview.serviceRevisions()).containsEntry("shop-active", V1).containsEntry("shop-preview", V2);
        assertThat(actions(viaPreview)).isEmpty();
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(PROMOTED, COMPLETED);
        assertThat(plan.transitions().get(0).message())
                .isEqualTo("revision " + V2 + " promoted (kulta.io/promote): shop-active switched from revision " + V1 + " to " + V2);
        assertThat(plan.consumed()).containsExactly(Annotations.PROMOTE);
        assertThat(plan.serviceRevisions()).containsEntry("shop-active", V2).containsEntry("shop-preview", V2);
        assertThat(plan.traffic()).isEqualTo(ALL_ON_ACTIVE);
        assertThat(plan.replicas()).as("the old active keeps its pods for scaleDownDelaySeconds")
                .containsEntry(V2, 4).containsEntry(V1, 4);
        assertThat(plan.requeueAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(shop.status().stableRevision).isEqualTo(V2);
        assertThat(shop.status().activeRevision).isEqualTo(V2);
        assertThat(shop.status().canaryRevision).isNull();
        assertThat(shop.status().previewRevision).isNull();
        assertThat(shop.status().cutoverTime).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(shop.status().pauseStartTime).isNull();
        assertThat(shop.status().currentWeight).isEqualTo(100);
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
        assertThat(shop.status().message)
                .isEqualTo("revision " + V2 + " is active; previous revision " + V1 + " scaled to 0 at 2026-11-25T10:00:30Z");
    }

    @Test
    void theAliasAnnotationPromotesToo() {
        FakeCluster shop = inPreview(manual().previewReplicaCount(4)).annotate(Annotations.PROMOTE_ALIAS, "true");
        shop.reconcile();

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(PROMOTED, COMPLETED);
        assertThat(plan.consumed()).containsExactly(Annotations.PROMOTE_ALIAS);
    }

    @Test
    void aPromotionRequestedBeforeThePreviewIsReadyGoesStraightToFullSize() {
        FakeCluster shop = FakeCluster.settled(manual()).imageChangesTo("shop:v2").annotate(Annotations.PROMOTE, "true");

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).containsEntry(V2, 4).containsEntry(V1, 4);
        assertThat(shop.selectorOf("shop-active")).isEqualTo(V1);
        shop.podsBecomeAvailable().reconcile();
        assertThat(actions(shop.reconcile())).containsExactly(PROMOTED, COMPLETED);
    }

    @ParameterizedTest(name = "autoPromotionSeconds {0}: {1}s after ready → {2}")
    @CsvSource({"60, 59, Preview", "60, 60, Progressing", "0, 0, Progressing"})
    void autoPromotionStartsAutoPromotionSecondsAfterThePreviewBecameReady(int seconds, int later, Phase phase) {
        FakeCluster shop = inPreview(blueGreen("shop").replicas(4).previewReplicaCount(2).autoPromotion(true, seconds));

        Plan plan = shop.clockAdvances(Duration.ofSeconds(later)).reconcile();

        assertThat(shop.phase()).isEqualTo(phase);
        assertThat(plan.replicas()).containsEntry(V2, phase == Phase.Preview ? 2 : 4);
        assertThat(plan.serviceRevisions()).containsEntry("shop-active", V1);
    }

    @Test
    void anAutoPromotedPreviewSaysWhenAndAsksToBeWokenThen() {
        FakeCluster shop = inPreview(blueGreen("shop").replicas(4).previewReplicaCount(2).autoPromotion(true, 60));

        assertThat(shop.status().message).isEqualTo("preview " + V2 + " ready on shop-preview with 2 replicas; "
                + "promoted automatically at 2026-11-25T10:01:00Z");
        assertThat(shop.lastPlan().requeueAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(shop.clockAdvances(Duration.ofSeconds(45)).reconcile().requeueAfter()).isEqualTo(Duration.ofSeconds(15));

        shop.clockAdvances(Duration.ofSeconds(15)).reconcile();
        Plan cutover = shop.podsBecomeAvailable().reconcile();
        assertThat(actions(cutover)).containsExactly(PROMOTED, COMPLETED);
        assertThat(cutover.transitions().get(0).message()).contains("(auto-promotion 60s after the preview was ready)");
        assertThat(cutover.consumed()).isEmpty();
    }

    @Test
    void byDefaultAFullSizePreviewIsPromotedAsSoonAsItIsAvailable() {
        FakeCluster shop = FakeCluster.settled(blueGreen("shop").replicas(3)).imageChangesTo("shop:v2");
        Plan preview = shop.reconcile();
        assertThat(preview.replicas()).as("previewReplicaCount defaults to spec.replicas").containsEntry(V2, 3);

        Plan plan = shop.podsBecomeAvailable().reconcile();

        assertThat(actions(plan)).containsExactly(PROMOTED, COMPLETED);
        assertThat(shop.selectorOf("shop-active")).isEqualTo(V2);
    }

    @Test
    void withoutTrafficRoutingOnlyTheServicesSwitch() {
        FakeCluster shop = inPreview(blueGreen("shop").replicas(4).previewReplicaCount(4).autoPromotion(false, null));

        Plan plan = shop.annotate(Annotations.PROMOTE, "true").reconcile();

        assertThat(plan.traffic()).isNull();
        assertThat(plan.serviceRevisions()).containsEntry("shop-active", V2);
    }

    @Test
    void scalingDuringThePreviewResizesTheActiveRevisionAndAPreviewThatFollowsSpecReplicas() {
        FakeCluster shop = inPreview(blueGreen("shop").replicas(4).autoPromotion(false, null).httpRoute("shop-route")).scaleTo(6);

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).containsEntry(V1, 6).containsEntry(V2, 6);
        assertThat(shop.phase()).as("the preview lacks 2 pods now").isEqualTo(Phase.Preview);
        assertThat(condition(plan, Conditions.HEALTHY).getStatus()).isEqualTo("False");
    }

    @Test
    void missingServicesOrRouteAreReportedAndRetried() {
        Rollout shop = manual().image("shop:v2").build();

        Plan plan = ObservationBuilder.observe(shop).services("shop-active").routes().plan();

        assertThat(condition(plan, Conditions.PROGRESSING).getReason()).isEqualTo("ReferenceNotFound");
        assertThat(plan.status().message).isEqualTo("Service shop-preview, HTTPRoute shop-route not found in namespace default; waiting for them");
        assertThat(plan.replicas()).isEmpty();
        assertThat(plan.requeueAfter()).isEqualTo(Preconditions.MISSING_REFERENCE_RETRY);
    }

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                arguments("the same Service for active and preview",
                        "spec.strategy.blueGreen.previewService: must differ from activeService (shop-active)",
                        (Consumer<RolloutSpec>) s -> s.strategy.blueGreen.previewService = "shop-active"),
                arguments("no activeService", "spec.strategy.blueGreen.activeService: is required",
                        (Consumer<RolloutSpec>) s -> s.strategy.blueGreen.activeService = null),
                arguments("a negative previewReplicaCount", "spec.strategy.blueGreen.previewReplicaCount: must be ≥ 0, got -1",
                        (Consumer<RolloutSpec>) s -> s.strategy.blueGreen.previewReplicaCount = -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void anInvalidBlueGreenSpecIsReportedAndNothingIsWritten(String why, String problem, Consumer<RolloutSpec> breakIt) {
        Plan plan = ObservationBuilder.observe(manual().spec(breakIt)).plan();

        assertThat(condition(plan, Conditions.VALID).getReason()).isEqualTo("InvalidSpec");
        assertThat(plan.status().message).isEqualTo("invalid spec: " + problem);
        assertThat(plan.replicas()).isEmpty();
        assertThat(plan.serviceRevisions()).isEmpty();
        assertThat(plan.traffic()).isNull();
    }

    /** 4 replicas, a preview of 2, manual promotion, HTTPRoute shop-route. */
    static Rollouts.Builder manual() {
        return blueGreen("shop").replicas(4).previewReplicaCount(2).autoPromotion(false, null).httpRoute("shop-route");
    }

    /** v1 active; v2's preview has all its replicas available since T0. */
    static FakeCluster inPreview(Rollouts.Builder rollout) {
        FakeCluster shop = FakeCluster.settled(rollout).imageChangesTo("shop:v2");
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        return shop;
    }
}
