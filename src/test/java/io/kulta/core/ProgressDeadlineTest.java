package io.kulta.core;

import io.kulta.model.Phase;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.kulta.core.Plans.actions;
import static io.kulta.core.Plans.condition;
import static io.kulta.core.Transition.Action.PROGRESS_DEADLINE_EXCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §3: progressDeadlineSeconds applies to every strategy — a blue-green preview, an A/B variant B and a simple
 * rolling update that make no progress for that long are Failed with ProgressDeadlineExceeded, once, and go on by
 * themselves when the pods come. (The canary's steps: CanaryLifecycleTest.)
 */
class ProgressDeadlineTest {

    @Test
    void aBlueGreenPreviewWithoutItsPodsFailsAtTheDeadlineAndGoesOnWhenTheyCome() {
        assertDeadline(FakeCluster.settled(Rollouts.blueGreen("shop").replicas(3).spec(s -> {
            s.progressDeadlineSeconds = 120;
            s.strategy.blueGreen.autoPromotionEnabled = false;
        })).imageChangesTo("shop:v2"), Phase.Preview);
    }

    @Test
    void aBlueGreenAutoPromotionWaitingForAPassingAnalysisFailsAtTheDeadlineAndPromotesWhenTheAnalysisPasses() {
        FakeCluster shop = FakeCluster.settled(Rollouts.blueGreen("shop").replicas(3).autoPromotion(true, 30).spec(s -> {
            s.progressDeadlineSeconds = 120;
            s.strategy.blueGreen.analysis = AnalysisFixtures.errorRateAtMost5Percent();
        })).imageChangesTo("shop:v2");
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Preview);

        shop.clockAdvances(Duration.ofSeconds(30)).reconcile();
        assertThat(condition(shop.lastPlan(), Conditions.PROGRESSING).getReason()).isEqualTo("AnalysisInconclusive");
        assertThat(shop.lastPlan().requeueAfter()).as("looked at again at the deadline").isEqualTo(Duration.ofSeconds(120));
        assertThat(actions(shop.clockAdvances(Duration.ofSeconds(119)).reconcile())).doesNotContain(PROGRESS_DEADLINE_EXCEEDED);
        assertThat(shop.phase()).isEqualTo(Phase.Preview);

        Plan failed = shop.clockAdvances(Duration.ofSeconds(1)).reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Failed);
        assertThat(actions(failed)).containsExactly(PROGRESS_DEADLINE_EXCEEDED);
        assertThat(shop.status().message).contains("auto-promotion waits for a passing analysis", "no progress for 2m");

        shop.measured(AnalysisFixtures.errorRate(shop.revision(), 1)).reconcile();
        for (int i = 0; i < 4 && shop.phase() != Phase.Completed; i++) shop.podsBecomeAvailable().reconcile();
        assertThat(shop.phase()).as("promoted once the analysis passes").isEqualTo(Phase.Completed);
        assertThat(shop.status().stableRevision).isEqualTo(shop.revision());
    }

    @Test
    void aBlueGreenPromotionWhosePreviewCannotGrowFailsAtTheDeadlineCountedFromThePromotion() {
        FakeCluster shop = FakeCluster.settled(Rollouts.blueGreen("shop").replicas(3).previewReplicaCount(1).spec(s -> {
            s.progressDeadlineSeconds = 120;
            s.strategy.blueGreen.autoPromotionEnabled = false;
        })).imageChangesTo("shop:v2");
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        shop.clockAdvances(Duration.ofMinutes(30)).reconcile();
        assertThat(shop.phase()).as("a preview waits for its promotion as long as it takes").isEqualTo(Phase.Preview);

        shop.annotate(Annotations.PROMOTE, "true");
        assertDeadline(shop, Phase.Completed);
    }

    @Test
    void anAbVariantWithoutItsPodsFailsAtTheDeadlineAndGoesOnWhenTheyCome() {
        assertDeadline(FakeCluster.settled(Rollouts.abTesting("shop").replicas(3)
                .spec(s -> s.progressDeadlineSeconds = 120)).imageChangesTo("shop:v2"), Phase.Experimenting);
    }

    @Test
    void aRollingUpdateWithoutProgressFailsAtTheDeadlineAndGoesOnWhenThePodsCome() {
        assertDeadline(FakeCluster.settled(Rollouts.simple("shop").replicas(3)
                .spec(s -> s.progressDeadlineSeconds = 120)).imageChangesTo("shop:v2"), Phase.Completed);
    }

    @Test
    void aRollingUpdateThatKeepsProgressingIsNotFailedHoweverLongItTakes() {
        FakeCluster shop = FakeCluster.settled(Rollouts.simple("shop").replicas(3).spec(s -> s.progressDeadlineSeconds = 120))
                .imageChangesTo("shop:v2");
        shop.reconcile();
        for (int pod = 1; pod <= 3 && shop.phase() != Phase.Completed; pod++) {
            shop.clockAdvances(Duration.ofSeconds(100)).podsBecomeAvailable(shop.revision(), pod).reconcile();
            assertThat(shop.phase()).as("pod %d after %d s", pod, pod * 100).isNotEqualTo(Phase.Failed);
            shop.podsBecomeAvailable().reconcile();
        }
    }

    private static void assertDeadline(FakeCluster shop, Phase afterwards) {
        shop.reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
        assertThat(shop.lastPlan().requeueAfter()).as("looked at again at the deadline").isLessThanOrEqualTo(Duration.ofSeconds(120));

        Plan late = shop.clockAdvances(Duration.ofSeconds(119)).reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
        assertThat(actions(late)).doesNotContain(PROGRESS_DEADLINE_EXCEEDED);

        Plan failed = shop.clockAdvances(Duration.ofSeconds(1)).reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Failed);
        assertThat(actions(failed)).containsExactly(PROGRESS_DEADLINE_EXCEEDED);
        assertThat(condition(failed, Conditions.PROGRESSING).getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(shop.status().message).contains("no progress for 2m");
        assertThat(actions(shop.reconcile())).as("reported once").isEmpty();

        for (int i = 0; i < 6 && shop.phase() != afterwards; i++) shop.podsBecomeAvailable().reconcile();
        assertThat(shop.phase()).as("it goes on when the pods come").isEqualTo(afterwards);
    }
}
