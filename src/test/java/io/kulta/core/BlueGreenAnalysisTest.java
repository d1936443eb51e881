package io.kulta.core;

import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import org.junit.jupiter.api.Test;


import static io.kulta.core.ObservationBuilder.observe;
import static io.kulta.core.Plans.actions;
import static io.kulta.core.Plans.condition;
import static io.kulta.core.Rollouts.T0;
import static io.kulta.core.Rollouts.blueGreen;
import static org.assertj.core.api.Assertions.assertThat;

/** Blue-green with analysis: the preview is measured before promotion (Argo's pre-promotion analysis). */
class BlueGreenAnalysisTest {
    static final String V1 = blueGreen("shop").image("shop:v1").revision();
    static final String V2 = blueGreen("shop").image("shop:v2").revision();

    @Test
    void aPreviewWhoseMetricsFailIsScaledAwayAndTheRolloutFails() {
        Plan plan = preview().measured(AnalysisFixtures.errorRate(V2, 40)).plan();

        assertThat(plan.status().phase).isEqualTo(Phase.Failed);
        assertThat(plan.status().message).contains("preview " + V2 + " scaled to 0", "error-rate 40 > threshold 5");
        assertThat(plan.replicas()).containsEntry(V2, 0).containsEntry(V1, 4);
        assertThat(plan.serviceRevisions()).containsEntry("shop-active", V1);
        assertThat(actions(plan)).containsExactly(Transition.Action.ROLLED_BACK);
    }

    @Test
    void autoPromotionWaitsForAPassingAnalysis() {
        Plan waiting = preview().plan();

        assertThat(waiting.status().phase).isEqualTo(Phase.Preview);
        assertThat(waiting.replicas()).containsEntry(V2, 2);
        assertThat(condition(waiting, Conditions.PROGRESSING).getReason()).isEqualTo("AnalysisInconclusive");
        assertThat(waiting.status().message).contains("auto-promotion waits for a passing analysis");

        Plan promoting = preview().measured(AnalysisFixtures.errorRate(V2, 1)).plan();
        assertThat(promoting.replicas()).as("grows to full size for the cutover").containsEntry(V2, 4);
    }

    @Test
    void kultaPromoteOverridesAnInconclusiveAnalysis() {
        Plan plan = observe(rollout().status(previewStatus()).annotate(Annotations.PROMOTE, "true"))
                .replicaSet(V1, 4, 4).replicaSet(V2, 2, 2).plan();

        assertThat(plan.replicas()).containsEntry(V2, 4);
    }

    private static ObservationBuilder preview() {
        return observe(rollout().status(previewStatus())).replicaSet(V1, 4, 4).replicaSet(V2, 2, 2);
    }

    private static Rollouts.Builder rollout() {
        return blueGreen("shop").image("shop:v2").replicas(4).previewReplicaCount(2).autoPromotion(true, 60)
                .spec(s -> s.strategy.blueGreen.analysis = AnalysisFixtures.errorRateAtMost5Percent());
    }

    private static RolloutStatus previewStatus() {
        RolloutStatus s = new RolloutStatus();
        s.phase = Phase.Preview;
        s.stableRevision = V1;
        s.activeRevision = V1;
        s.canaryRevision = V2;
        s.previewRevision = V2;
        s.currentWeight = 0;
        s.pauseStartTime = Timestamps.format(T0.minusSeconds(120));
        return s;
    }
}
