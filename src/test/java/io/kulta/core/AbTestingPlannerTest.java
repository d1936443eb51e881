package io.kulta.core;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.kulta.core.analysis.Measurement;
import io.kulta.core.analysis.VariantCounts;
import io.kulta.model.AbExperimentStatus.ConclusionReason;
import io.kulta.model.AbExperimentStatus.Variant;
import io.kulta.model.Phase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.kulta.core.Transition.Action.ABORTED;
import static io.kulta.core.Transition.Action.COMPLETED;
import static io.kulta.core.Transition.Action.EXPERIMENT_CONCLUDED;
import static io.kulta.core.Transition.Action.PROMOTED;
import static io.kulta.core.Transition.Action.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §3 "A/B testing", one reconcile at a time on a {@link FakeCluster}. */
class AbTestingPlannerTest {
    static final int N = 4;
    FakeCluster cluster;
    String a;
    String b;

    @BeforeEach
    void settledOnA() {
        cluster = FakeCluster.of(Rollouts.abTesting("shop").replicas(N)).withRoute(AbRouteRulesTest.USER_ROUTE);
        cluster.reconcile();
        cluster.podsBecomeAvailable();
        cluster.reconcile();
        a = cluster.revision();
    }

    @Test
    void theFirstDeploymentCompletesWithoutAnyRule() {
        assertThat(cluster.phase()).isEqualTo(Phase.Completed);
        assertThat(cluster.route().getSpec().getRules()).isEqualTo(AbRouteRulesTest.USER_ROUTE.getSpec().getRules());
        assertThat(cluster.selectorOf("shop-a")).isEqualTo(a);
        assertThat(cluster.selectorOf("shop-b")).isEqualTo(a);
    }

    @Test
    void aNewRevisionRunsAsVariantBAtFullSizeAndGetsItsRulesOnceReady() {
        startExperiment();

        assertThat(cluster.phase()).isEqualTo(Phase.Experimenting);
        assertThat(cluster.replicas()).containsEntry(a, N).containsEntry(b, N);
        assertThat(cluster.selectorOf("shop-a")).isEqualTo(a);
        assertThat(cluster.selectorOf("shop-b")).isEqualTo(b);
        assertThat(cluster.status().abExperiment.startedAt).isEqualTo(Timestamps.format(cluster.now()));
        assertThat(cluster.route().getSpec().getRules()).hasSize(4);
        assertThat(cluster.route().getSpec().getRules().subList(2, 4)).isEqualTo(AbRouteRulesTest.USER_ROUTE.getSpec().getRules());
        assertThat(cluster.route().getSpec().getRules().get(0).getBackendRefs().get(0).getName()).isEqualTo("shop-b");
    }

    @Test
    void variantBWithoutItsReplicasGetsNoRulesYet() {
        cluster.imageChangesTo("shop:v2");
        cluster.reconcile();

        assertThat(cluster.phase()).isEqualTo(Phase.Progressing);
        assertThat(cluster.lastTransitions()).containsExactly(STARTED);
        assertThat(cluster.route().getSpec().getRules()).hasSize(2);
        assertThat(cluster.status().abExperiment.startedAt).isNull();
    }

    @Test
    void measurementsBeforeMinDurationAreNotJudged() {
        startExperiment();
        cluster.clockAdvances(Duration.ofMinutes(4)).measured(errorRates(500, 0.05, 500, 0.001)).reconcile();

        assertThat(cluster.phase()).isEqualTo(Phase.Experimenting);
        assertThat(cluster.status().message).contains("no verdict before minDuration");
        assertThat(cluster.lastPlan().requeueAfter()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void fewerThanMinSampleSizeRequestsInEitherVariantKeepsWaiting() {
        startExperiment();
        cluster.clockAdvances(Duration.ofMinutes(6)).measured(errorRates(500, 0.2, 29, 0.0)).reconcile();

        assertThat(cluster.phase()).isEqualTo(Phase.Experimenting);
        assertThat(cluster.status().abExperiment.sampleSizeB).isEqualTo(29);
        assertThat(cluster.status().abExperiment.concludedAt).isNull();
        assertThat(cluster.status().message).contains("30 needed");
    }

    @Test
    void aConsensusForBConcludesAndThePromotionMakesBStableAndRemovesTheRules() {
        startExperiment();
        cluster.clockAdvances(Duration.ofMinutes(6)).measured(errorRates(2000, 0.05, 2000, 0.01)).reconcile();

        assertThat(cluster.phase()).isEqualTo(Phase.Concluded);
        assertThat(cluster.lastTransitions()).containsExactly(EXPERIMENT_CONCLUDED);
        var x = cluster.status().abExperiment;
        assertThat(x.winner).isEqualTo(Variant.B);
        assertThat(x.conclusionReason).isEqualTo(ConclusionReason.ConsensusReached);
        assertThat(x.sampleSizeA).isEqualTo(2000);
        assertThat(x.results).singleElement().satisfies(r -> {
            assertThat(r.name).isEqualTo("error-rate");
            assertThat(r.valueA).isEqualTo(0.05);
            assertThat(r.valueB).isEqualTo(0.01);
            assertThat(r.isSignificant).isTrue();
            assertThat(r.confidence).isGreaterThan(0.99);
        });
        assertThat(cluster.route().getSpec().getRules()).hasSize(4);

        cluster.annotate(Annotations.PROMOTE, "true").reconcile();

        assertThat(cluster.lastTransitions()).containsExactly(PROMOTED, COMPLETED);
        assertThat(cluster.phase()).isEqualTo(Phase.Completed);
        assertThat(cluster.status().stableRevision).isEqualTo(b);
        assertThat(cluster.replicas()).as("A keeps its pods scaleDownDelaySeconds while gateways catch up")
                .containsEntry(a, N).containsEntry(b, N);
        assertThat(cluster.lastPlan().requeueAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cluster.selectorOf("shop-a")).isEqualTo(b);
        assertThat(cluster.route().getSpec().getRules()).isEqualTo(AbRouteRulesTest.USER_ROUTE.getSpec().getRules());
        assertThat(cluster.status().abExperiment.winner).as("the verdict stays readable").isEqualTo(Variant.B);
        assertThat(cluster.clockAdvances(Duration.ofSeconds(30)).reconcile().replicas()).containsEntry(a, 0).containsEntry(b, N);
        cluster.reconcile();   // the status counts the pods A gave up
        assertThat(cluster.reconcile().transitions()).isEmpty();
        assertThat(cluster.lastWrites()).isEmpty();
    }

    @Test
    void autoPromoteMakesAWinningBStableInTheConcludingReconcile() {
        cluster = FakeCluster.of(Rollouts.abTesting("shop").replicas(N).ab(s -> s.autoPromote = true)).withRoute(AbRouteRulesTest.USER_ROUTE);
        cluster.reconcile();
        cluster.podsBecomeAvailable().reconcile();
        a = cluster.revision();
        startExperiment();
        cluster.clockAdvances(Duration.ofMinutes(6)).measured(errorRates(2000, 0.05, 2000, 0.01)).reconcile();

        assertThat(cluster.lastTransitions()).containsExactly(EXPERIMENT_CONCLUDED, PROMOTED, COMPLETED);
        assertThat(cluster.status().stableRevision).isEqualTo(b);
        assertThat(cluster.replicas()).as("until scaleDownDelaySeconds after the promotion").containsEntry(a, N);
        assertThat(cluster.clockAdvances(Duration.ofSeconds(30)).reconcile().replicas()).containsEntry(a, 0);
    }

    @Test
    void aWinningAKeepsAAndScalesBAway() {
        startExperiment();
        cluster.clockAdvances(Duration.ofMinutes(6)).measured(errorRates(2000, 0.01, 2000, 0.05)).reconcile();

        assertThat(cluster.lastTransitions()).containsExactly(EXPERIMENT_CONCLUDED, COMPLETED);
        assertKeptA(Variant.A, ConclusionReason.ConsensusReached);
        assertThat(cluster.status().message).contains("kept A", "the winner");
    }

    @Test
    void anInconclusiveExperimentEndsAtMaxDurationKeepingA() {
        startExperiment();
        cluster.clockAdvances(Duration.ofMinutes(30)).measured(errorRates(2000, 0.02, 2000, 0.021)).reconcile();
        assertThat(cluster.phase()).isEqualTo(Phase.Experimenting);
        assertThat(cluster.lastPlan().requeueAfter()).isEqualTo(Duration.ofMinutes(30));

        cluster.clockAdvances(Duration.ofMinutes(30)).reconcile();

        assertKeptA(null, ConclusionReason.MaxDurationExceeded);
        assertThat(cluster.status().abExperiment.results).singleElement().extracting(r -> r.isSignificant).isEqualTo(false);
        assertThat(cluster.status().message).contains("kept A", "no significant winner");
    }

    @Test
    void theConcludeAnnotationEndsTheExperimentWithTheResultsSoFar() {
        startExperiment();
        cluster.annotate(Annotations.CONCLUDE_EXPERIMENT, "true").reconcile();

        assertKeptA(null, ConclusionReason.ManualConclusion);
        assertThat(cluster.rollout().getMetadata().getAnnotations()).doesNotContainKey(Annotations.CONCLUDE_EXPERIMENT);
    }

    @Test
    void theConcludeAnnotationWithBAheadWaitsForThePromotion() {
        startExperiment();
        cluster.clockAdvances(Duration.ofMinutes(6)).measured(errorRates(2000, 0.05, 2000, 0.01))
                .annotate(Annotations.CONCLUDE_EXPERIMENT, "true").reconcile();

        assertThat(cluster.phase()).isEqualTo(Phase.Concluded);
        assertThat(cluster.status().abExperiment.conclusionReason).isEqualTo(ConclusionReason.ManualConclusion);
        assertThat(cluster.status().abExperiment.winner).isEqualTo(Variant.B);
    }

    @Test
    void abortScalesBAwayAndRemovesTheRulesUntilRetryStartsANewExperiment() {
        startExperiment();
        cluster.annotate(Annotations.ABORT, "true").reconcile();

        assertThat(cluster.lastTransitions()).containsExactly(ABORTED);
        assertThat(cluster.phase()).isEqualTo(Phase.Aborted);
        assertThat(cluster.replicas()).containsEntry(b, 0).containsEntry(a, N);
        assertThat(cluster.selectorOf("shop-b")).isEqualTo(a);
        assertThat(cluster.route().getSpec().getRules()).isEqualTo(AbRouteRulesTest.USER_ROUTE.getSpec().getRules());
        cluster.clockAdvances(Duration.ofMinutes(10)).reconcile();
        assertThat(cluster.phase()).isEqualTo(Phase.Aborted);

        cluster.annotate(Annotations.RETRY, "true").reconcile();
        assertThat(cluster.lastTransitions()).containsExactly(STARTED);
        assertThat(cluster.replicas()).containsEntry(b, N);
        cluster.podsBecomeAvailable().reconcile();
        assertThat(cluster.phase()).isEqualTo(Phase.Experimenting);
        assertThat(cluster.status().abExperiment.startedAt).isEqualTo(Timestamps.format(cluster.now()));
        assertThat(cluster.route().getSpec().getRules()).hasSize(4);
    }

    @Test
    void goingBackToTheStableTemplateEndsTheExperiment() {
        startExperiment();
        cluster.imageChangesTo("shop:v1").reconcile();

        assertThat(cluster.lastTransitions()).containsExactly(ABORTED, COMPLETED);
        assertThat(cluster.phase()).isEqualTo(Phase.Completed);
        assertThat(cluster.replicas()).containsEntry(b, 0);
        assertThat(cluster.route().getSpec().getRules()).isEqualTo(AbRouteRulesTest.USER_ROUTE.getSpec().getRules());
    }

    private void startExperiment() {
        cluster.imageChangesTo("shop:v2");
        cluster.reconcile();
        b = cluster.revision();
        cluster.podsBecomeAvailable().reconcile();
    }

    private void assertKeptA(Variant winner, ConclusionReason reason) {
        assertThat(cluster.phase()).isEqualTo(Phase.Completed);
        assertThat(cluster.status().stableRevision).isEqualTo(a);
        assertThat(cluster.status().abExperiment.winner).isEqualTo(winner);
        assertThat(cluster.status().abExperiment.conclusionReason).isEqualTo(reason);
        assertThat(cluster.status().abExperiment.concludedAt).isEqualTo(Timestamps.format(cluster.now()));
        assertThat(cluster.replicas()).containsEntry(b, 0).containsEntry(a, N);
        assertThat(cluster.selectorOf("shop-b")).isEqualTo(a);
        assertThat(cluster.route().getSpec().getRules()).isEqualTo(AbRouteRulesTest.USER_ROUTE.getSpec().getRules());
        cluster.reconcile();   // the status counts the pods B gave up
        cluster.reconcile();
        assertThat(cluster.phase()).as("kept A is settled").isEqualTo(Phase.Completed);
        assertThat(cluster.lastWrites()).isEmpty();
    }

    /** Both variants' error-rate counts: totals and the share of them that failed. */
    private Measurement errorRates(double totalA, double shareA, double totalB, double shareB) {
        return Measurement.ofVariants(b, cluster.now(), Map.of("error-rate",
                new VariantCounts(totalA * shareA, totalA, totalB * shareB, totalB)));
    }
}
