package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteSpec;
import io.kulta.core.AbRoute;
import io.kulta.core.AbRouteRules;
import io.kulta.core.Annotations;
import io.kulta.model.AbExperimentStatus.ConclusionReason;
import io.kulta.model.AbExperimentStatus.Variant;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.MovingClock;
import io.kulta.playground.GatewayRequest;
import io.kulta.playground.GatewayRequestMatcher;
import io.kulta.playground.GatewayRequestMatcher.MatchedRule;
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
import static io.kulta.playground.GatewayRequest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * examples/ab-testing.yaml with the real wiring (on each API tier: a subclass per tier), measured by a real Prometheus scraping
 * both variants: the controller adds its copies of the user's rules ahead of them (checked by Gateway API precedence),
 * Z-tests the variants' error rates,
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
    HTTPRouteSpec userRoute;
    String a;
    String b;

    /** A new cluster of this tier for one test. */
    abstract KultaCluster newCluster();

    /** Whether this tier's HTTPRoute CRD keeps {@code rules[].name}: the Gateway API v1.3 standard CRD prunes it. */
    abstract boolean keepsRuleNames();

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
        assertThat(cluster.route(ROUTE).getSpec().getRules()).as("B keeps its traffic until promoted").hasSize(6);

        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "true");

        RolloutStatus completed = awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.stableRevision).isEqualTo(b);
        });
        assertThat(completed.abExperiment.winner).isEqualTo(Variant.B);
        assertThat(cluster.replicas(ROLLOUT)).as("A keeps its pods scaleDownDelaySeconds").containsEntry(a, 3);
        clock.advance(java.time.Duration.ofSeconds(30));
        awaitReplicas(cluster, ROLLOUT, Map.of(a, 0, b, 3));
        assertUserRouteRestored();
        assertThat(cluster.selector("storefront-a")).containsEntry("pod-template-hash", b);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(cluster.eventReasons(ROLLOUT)).as("in order").containsSubsequence("Started", "ExperimentConcluded", "Promoted", "Completed"));
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
        userRoute = cluster.route(ROUTE).getSpec();
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

        // the Completed of the first deployment does not count: wait for the experiment of B
        awaitStatus(s -> {
            assertThat(s.phase).isIn(Phase.Experimenting, Phase.Concluded, Phase.Completed);
            assertThat(s.abExperiment.startedAt).isNotNull();
        });
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.route(ROUTE).getSpec().getRules()).hasSize(6));
        assertVariantRequestsReachB(cluster.route(ROUTE));
        assertThat(cluster.route(ROUTE).getMetadata().getAnnotations()).containsKey(AbRouteRules.MANAGED_RULES);
        assertThat(cluster.selector("storefront-b")).containsEntry("pod-template-hash", b);
        assertThat(cluster.selector("storefront-a")).containsEntry("pod-template-hash", a);
    }

    /** Per Gateway API precedence, as the stored route reads: a variant request reaches B on /api and /, with /api's filter. */
    private void assertVariantRequestsReachB(HTTPRoute route) {
        List<HTTPRouteRule> rules = route.getSpec().getRules();
        assertThat(rules.subList(4, 6)).as("the user's rules, untouched").isEqualTo(userRoute.getRules());
        assertThat(rules).extracting(HTTPRouteRule::getName).containsExactlyElementsOf(keepsRuleNames()
                ? java.util.Arrays.asList("kulta-variant-b-0", "kulta-variant-b-cookie-0", "kulta-variant-b-1", "kulta-variant-b-cookie-1", null, null)
                : java.util.Collections.nCopies(6, null));
        for (HTTPRouteRule ours : rules.subList(0, 4))
            assertThat(ours.getBackendRefs()).singleElement().satisfies(ref -> {
                assertThat(ref.getName()).isEqualTo("storefront-b");
                assertThat(ref.getPort()).isEqualTo(80);
            });
        assertThat(AbRouteRules.edit(route, AbRoute.of(cluster.rollout(ROLLOUT).getSpec().strategy.abTesting, true)))
                .as("the stored rules, defaulted by the server, read back as written: no further write").isEmpty();
        var apiFilters = userRoute.getRules().get(0).getFilters();
        assertThat(reached(route, get("/api/cart").header("X-Variant", "b"))).satisfies(hit -> {
            assertThat(hit.services()).containsExactly("storefront-b");
            assertThat(hit.rule().getFilters()).isEqualTo(apiFilters).isNotEmpty();
        });
        assertThat(reached(route, get("/api/cart").header("Cookie", "session=1; variant=b")).services()).containsExactly("storefront-b");
        assertThat(reached(route, get("/").header("Cookie", "variant=b")).services()).containsExactly("storefront-b");
        assertThat(reached(route, get("/").header("x-variant", "b")).services()).containsExactly("storefront-b");
        assertThat(reached(route, get("/api/cart")).services()).containsExactly("storefront-a");
        assertThat(reached(route, get("/").header("X-Variant", "a")).services()).containsExactly("storefront-a");
    }

    private static MatchedRule reached(HTTPRoute route, GatewayRequest request) {
        return GatewayRequestMatcher.route(route, request).orElseThrow(() -> new AssertionError("no rule for " + request));
    }

    private void assertUserRouteRestored() {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(cluster.route(ROUTE).getSpec()).as("the user's route, exactly").isEqualTo(userRoute);
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
