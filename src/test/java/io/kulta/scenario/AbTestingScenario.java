package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.kulta.core.AbRouteRules;
import io.kulta.core.Annotations;
import io.kulta.model.AbExperimentStatus.ConclusionReason;
import io.kulta.model.AbExperimentStatus.Variant;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.MovingClock;
import io.kulta.testing.prometheus.FakeApp;
import io.kulta.testing.prometheus.FakeApp.Traffic;
import io.kulta.testing.prometheus.PrometheusServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitReplicas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * examples/ab-testing.yaml with the real wiring (on each API tier: a subclass per tier), measured by a real Prometheus scraping
 * both variants: the controller adds its rules ahead of the user's, Z-tests the variants' error rates,
 * and promotes a better B on request — or keeps A when B is worse.
 */
abstract class AbTestingScenario {
    static final String ROLLOUT = "storefront";
    static final String ROUTE = "storefront-route";

    FakeApp app = new FakeApp();
    PrometheusServer prometheus = new PrometheusServer(app.target());
    MovingClock clock = new MovingClock();
    KultaCluster cluster;
    RunningController controller;
    List<HTTPRouteRule> userRules;
    String a;
    String b;

    /** A new cluster of this tier for one test. */
    abstract KultaCluster newCluster();

    @BeforeEach
    void start() throws Exception {
        cluster = newCluster();
        controller = RunningController.start(cluster, clock, Map.of("kulta.analysisInterval", "1s"));
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
        prometheus.close();
        app.close();
    }

    @Test
    void aBetterBIsConcludedTheWinnerAndPromotedByAnnotation() {
        experimentWith(new Traffic(200, 0.05, 0.03), new Traffic(200, 0.01, 0.03));

        RolloutStatus concluded = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Concluded));
        assertThat(concluded.abExperiment.winner).isEqualTo(Variant.B);
        assertThat(concluded.abExperiment.conclusionReason).isEqualTo(ConclusionReason.ConsensusReached);
        assertThat(concluded.abExperiment.sampleSizeA).isGreaterThanOrEqualTo(100);
        assertThat(concluded.abExperiment.sampleSizeB).isGreaterThanOrEqualTo(100);
        assertThat(concluded.abExperiment.results).singleElement().satisfies(r -> {
            assertThat(r.name).isEqualTo("error-rate");
            assertThat(r.valueA).isBetween(0.03, 0.07);
            assertThat(r.valueB).isBetween(0.0, 0.02);
            assertThat(r.isSignificant).isTrue();
            assertThat(r.confidence).isGreaterThanOrEqualTo(0.95);
            assertThat(r.winner).isEqualTo(Variant.B);
        });
        assertThat(cluster.route(ROUTE).getSpec().getRules()).as("B keeps its traffic until promoted").hasSize(3);

        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "true");

        RolloutStatus completed = awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.stableRevision).isEqualTo(b);
        });
        assertThat(completed.abExperiment.winner).isEqualTo(Variant.B);
        awaitReplicas(cluster, ROLLOUT, Map.of(a, 0, b, 3));
        assertUserRouteRestored();
        assertThat(cluster.selector("storefront-a")).containsEntry("pod-template-hash", b);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(cluster.eventReasons(ROLLOUT)).contains("Started", "ExperimentConcluded", "Promoted", "Completed"));
    }

    @Test
    void aWorseBIsConcludedAndAIsKept() {
        experimentWith(new Traffic(200, 0.01, 0.03), new Traffic(200, 0.06, 0.03));

        RolloutStatus kept = awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.abExperiment.concludedAt).isNotNull();
        });
        assertThat(kept.abExperiment.winner).isEqualTo(Variant.A);
        assertThat(kept.abExperiment.conclusionReason).isEqualTo(ConclusionReason.ConsensusReached);
        assertThat(kept.stableRevision).isEqualTo(a);
        assertThat(kept.message).contains("kept A");
        awaitReplicas(cluster, ROLLOUT, Map.of(a, 3, b, 0));
        assertUserRouteRestored();
        assertThat(cluster.selector("storefront-b")).containsEntry("pod-template-hash", a);
    }

    /** First deployment (A), then a new image (B); each variant serves the given traffic; the experiment runs. */
    private void experimentWith(Traffic trafficA, Traffic trafficB) {
        cluster.apply(Path.of("examples/ab-testing.yaml"));
        userRules = cluster.route(ROUTE).getSpec().getRules();
        cluster.editRollout(ROLLOUT, r -> {
            r.getSpec().strategy.abTesting.analysis.prometheus.address = prometheus.url();
            r.getSpec().strategy.abTesting.analysis.minDuration = null;
            return r;
        });
        a = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        app.serve(cluster.namespace(), ROLLOUT, a, trafficA);
        cluster.setImage(ROLLOUT, "ghcr.io/example/storefront:2.0.0");
        b = cluster.revisionWithImage(ROLLOUT, "ghcr.io/example/storefront:2.0.0");
        app.serve(cluster.namespace(), ROLLOUT, b, trafficB);

        RolloutStatus experimenting = awaitStatus(s -> assertThat(s.phase).isIn(Phase.Experimenting, Phase.Concluded, Phase.Completed));
        assertThat(experimenting.abExperiment.startedAt).isNotNull();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.route(ROUTE).getSpec().getRules()).hasSize(3));
        List<HTTPRouteRule> rules = cluster.route(ROUTE).getSpec().getRules();
        assertThat(rules.get(0).getMatches().get(0).getHeaders().get(0).getName()).isEqualTo("X-Variant");
        assertThat(rules.get(1).getMatches().get(0).getHeaders().get(0).getName()).isEqualTo("Cookie");
        assertThat(rules.get(1).getMatches().get(0).getHeaders().get(0).getValue()).isEqualTo("(^|;\\s*)variant=b(;|$)");
        for (HTTPRouteRule ours : rules.subList(0, 2)) {
            assertThat(ours.getBackendRefs()).singleElement().satisfies(ref -> {
                assertThat(ref.getName()).isEqualTo("storefront-b");
                assertThat(ref.getPort()).isEqualTo(80);
            });
        }
        assertThat(rules.get(2)).isEqualTo(userRules.get(0));
        assertThat(cluster.route(ROUTE).getMetadata().getAnnotations()).containsKey(AbRouteRules.MANAGED_RULES);
        assertThat(cluster.selector("storefront-b")).containsEntry("pod-template-hash", b);
        assertThat(cluster.selector("storefront-a")).containsEntry("pod-template-hash", a);
    }

    private void assertUserRouteRestored() {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(cluster.route(ROUTE).getSpec().getRules()).isEqualTo(userRules);
            var annotations = cluster.route(ROUTE).getMetadata().getAnnotations();
            assertThat(annotations == null ? Map.of() : annotations).doesNotContainKey(AbRouteRules.MANAGED_RULES);
        });
    }

    private RolloutStatus awaitStatus(org.assertj.core.api.ThrowingConsumer<RolloutStatus> check) {
        try {
            return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.status(ROLLOUT), s -> {
                        try {
                            check.accept(s);
                            return true;
                        } catch (AssertionError | NullPointerException e) {
                            return false;
                        }
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the Rollout never got there; its status: "
                    + io.fabric8.kubernetes.client.utils.Serialization.asYaml(cluster.status(ROLLOUT)), e);
        }
    }
}
