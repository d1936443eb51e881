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

        assertThat(cluster.lastTransitions()).containsExactly(PROMOTED);
        assertThat(cluster.status().stableRevision).isEqualTo(b);
        assertThat(cluster.phase()).isEqualTo(Phase.Progressing);
        assertThat(cluster.selectorOf("shop-a")).as("not re-pointed while the user's /api rule sends to it").isEqualTo(a);
        assertTakeover();

        cluster.reconcile();

        assertThat(cluster.selectorOf("shop-a")).as("the takeover rule left it without weight").isEqualTo(b);
        assertThat(cluster.lastTransitions()).containsExactly(COMPLETED);
        assertThat(cluster.phase()).isEqualTo(Phase.Completed);
        assertThat(cluster.replicas()).as("A keeps its pods scaleDownDelaySeconds while gateways catch up")
                .containsEntry(a, N).containsEntry(b, N);
        assertThat(cluster.lastPlan().requeueAfter()).isEqualTo(Duration.ofSeconds(30));
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

        assertThat(cluster.lastTransitions()).containsExactly(EXPERIMENT_CONCLUDED, PROMOTED);
        assertThat(cluster.status().stableRevision).isEqualTo(b);
        assertTakeover();
        assertThat(cluster.reconcile().transitions()).extracting(Transition::action).containsExactly(COMPLETED);
        assertThat(cluster.replicas()).as("until scaleDownDelaySeconds after the promotion").containsEntry(a, N);
        assertThat(cluster.clockAdvances(Duration.ofSeconds(30)).reconcile().replicas()).containsEntry(a, 0);
    }

    @Test
    void withASettleTimeBsRulesArriveAndTheTakeoverRulesGoOnlyOnceTheServiceSelectedItsRevisionThatLong() {
        Duration settle = Duration.ofSeconds(5);
        cluster = FakeCluster.of(Rollouts.abTesting("shop").replicas(N).ab(s -> s.autoPromote = true))
                .withRoute(AbRouteRulesTest.USER_ROUTE).plannedBy(new AbTestingPlanner(settle));
        cluster.reconcile();
        cluster.podsBecomeAvailable().reconcile();
        a = cluster.revision();
        cluster.imageChangesTo("shop:v2").reconcile();
        b = cluster.revision();
        cluster.podsBecomeAvailable().reconcile();

        assertThat(cluster.selectorOf("shop-b")).isEqualTo(b);
        assertThat(cluster.route().getSpec().getRules()).as("shop-b has only just selected B").hasSize(2);
        assertThat(cluster.lastPlan().requeueAfter()).isEqualTo(settle);
        cluster.clockAdvances(settle).reconcile();
        assertThat(cluster.route().getSpec().getRules()).hasSize(4);

        cluster.clockAdvances(Duration.ofMinutes(6)).measured(errorRates(2000, 0.05, 2000, 0.01)).reconcile();
        assertThat(cluster.lastTransitions()).containsExactly(EXPERIMENT_CONCLUDED, PROMOTED);
        assertTakeover();
        cluster.reconcile();
        assertThat(cluster.selectorOf("shop-a")).isEqualTo(b);
        assertThat(cluster.route().getSpec().getRules()).as("shop-a has only just selected B").hasSize(3);
        assertThat(cluster.phase()).isEqualTo(Phase.Progressing);
        assertThat(cluster.status().message).contains("switching shop-a to revision " + b);
        assertThat(cluster.lastPlan().requeueAfter()).isEqualTo(settle);

        cluster.clockAdvances(settle).reconcile();

        assertThat(cluster.route().getSpec().getRules()).isEqualTo(AbRouteRulesTest.USER_ROUTE.getSpec().getRules());
        assertThat(cluster.lastTransitions()).containsExactly(COMPLETED);
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
        assertBsRulesGoBeforeItsServiceAndPods();
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

        assertThat(cluster.lastTransitions()).containsExactly(ABORTED);
        assertThat(cluster.status().message).isEqualTo("switching shop-b to revision " + a + ": B's rules leave it first");
        assertBsRulesGoBeforeItsServiceAndPods();
        assertThat(cluster.lastTransitions()).containsExactly(COMPLETED);
        assertThat(cluster.phase()).isEqualTo(Phase.Completed);
    }

    @Test
    void eachPrometheusErrorIsCountedOnceAndAnAnswerResetsTheCount() {
        startExperiment();
        cluster.clockAdvances(Duration.ofMinutes(6)).measured(failed("HTTP 503 from Prometheus")).reconcile();
        var x = cluster.status().abExperiment;
        assertThat(x.consecutiveErrors).isEqualTo(1);
        assertThat(x.lastError).isEqualTo("HTTP 503 from Prometheus");
        assertThat(x.lastErrorTime).isEqualTo(Timestamps.format(cluster.now()));
        assertThat(cluster.status().message).contains("Prometheus error: HTTP 503 from Prometheus");

        cluster.clockAdvances(Duration.ofSeconds(1)).reconcile();   // the same failed measurement seen again
        assertThat(cluster.status().abExperiment.consecutiveErrors).as("one tick, one error").isEqualTo(1);

        cluster.measured(failed("timed out after 1 s")).reconcile();
        x = cluster.status().abExperiment;
        assertThat(x.consecutiveErrors).isEqualTo(2);
        assertThat(x.lastError).isEqualTo("timed out after 1 s");

        cluster.clockAdvances(Duration.ofSeconds(1)).measured(errorRates(500, 0.02, 500, 0.02)).reconcile();
        x = cluster.status().abExperiment;
        assertThat(x.consecutiveErrors).as("reset by an answer").isZero();
        assertThat(x.lastError).isNull();
        assertThat(x.lastErrorTime).isNull();
        assertThat(cluster.phase()).isEqualTo(Phase.Experimenting);

        cluster.clockAdvances(Duration.ofSeconds(1)).measured(failed("HTTP 500")).reconcile();
        assertThat(cluster.status().abExperiment.consecutiveErrors).as("a new run starts at 1").isEqualTo(1);
    }

    @Test
    void aLongPrometheusErrorIsCutInLastError() {
        startExperiment();
        cluster.clockAdvances(Duration.ofMinutes(6)).measured(failed("x".repeat(10_000))).reconcile();

        assertThat(cluster.status().abExperiment.lastError).hasSize(AbTestingPlanner.MAX_ERROR).endsWith("…");
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
        assertBsRulesGoBeforeItsServiceAndPods();
        cluster.reconcile();   // the status counts the pods B gave up
        cluster.reconcile();
        assertThat(cluster.phase()).as("kept A is settled").isEqualTo(Phase.Completed);
        assertThat(cluster.lastWrites()).isEmpty();
    }

    /** A promotion's first reconcile: B's rules gone, a copy of the user's /api rule in front sends shop-a's requests to shop-b. */
    private void assertTakeover() {
        var rules = cluster.route().getSpec().getRules();
        assertThat(rules).hasSize(3);
        assertThat(rules.get(0).getName()).isEqualTo(AbRoute.TAKEOVER_RULE + "-0");
        assertThat(rules.get(0).getMatches()).isEqualTo(rules.get(1).getMatches());
        assertThat(rules.get(0).getBackendRefs()).singleElement().satisfies(ref -> {
            assertThat(ref.getName()).isEqualTo("shop-b");
            assertThat(ref.getPort()).isEqualTo(8080);
        });
        assertThat(rules.subList(1, 3)).isEqualTo(AbRouteRulesTest.USER_ROUTE.getSpec().getRules());
        assertThat(cluster.replicas()).containsEntry(a, N).containsEntry(b, N);
    }

    /** B's rules are removed first; shop-b, then without weight, goes back to A in the next reconcile, and B's pods with it. */
    private void assertBsRulesGoBeforeItsServiceAndPods() {
        assertThat(cluster.route().getSpec().getRules()).isEqualTo(AbRouteRulesTest.USER_ROUTE.getSpec().getRules());
        assertThat(cluster.selectorOf("shop-b")).as("re-pointed only once its rules are gone").isEqualTo(b);
        assertThat(cluster.replicas()).as("B keeps its pods while shop-b carries weight").containsEntry(b, N).containsEntry(a, N);
        cluster.reconcile();
        assertThat(cluster.selectorOf("shop-b")).isEqualTo(a);
        assertThat(cluster.replicas()).containsEntry(b, 0).containsEntry(a, N);
    }

    /** A tick at which Prometheus did not answer. */
    private Measurement failed(String error) {
        return Measurement.failed(b, cluster.now(), error);
    }

    /** Both variants' error-rate counts: totals and the share of them that failed. */
    private Measurement errorRates(double totalA, double shareA, double totalB, double shareB) {
        return Measurement.ofVariants(b, cluster.now(), Map.of("error-rate",
                new VariantCounts(totalA * shareA, totalA, totalB * shareB, totalB)));
    }
}
