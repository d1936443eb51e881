package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.kulta.core.Annotations;
import io.kulta.core.Conditions;
import io.kulta.model.AbExperimentStatus.ConclusionReason;
import io.kulta.model.Phase;
import io.kulta.playground.FreeLoopbackPort;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The A/B rules' HTTPRoute patch answered 409 (SPEC §3 "Every API error is on the Rollout"): read again and tried
 * again within the reconcile; a conflict that persists is given up per reconcile and reported once it outlasts
 * kulta.apiErrorReportSeconds, and once it heals the experiment goes in and ends as it should.
 */
class AbRouteConflictScenarioTest {
    static final String NS = "abconflict";
    static final String ROLLOUT = "storefront";
    static final String ROUTE = "/apis/gateway.networking.k8s.io/v1/namespaces/" + NS + "/httproutes/storefront-route";
    static final String MODIFIED = "the object has been modified; please apply your changes to the latest version";

    KultaCluster cluster = new KultaCluster(NS, false, 0);
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    RunningController controller;
    List<HTTPRouteRule> userRules;

    @BeforeEach
    void start() throws Exception {
        controller = RunningController.start(cluster, clock, Map.of("kulta.retryMaxSeconds", "1", "kulta.apiErrorReportSeconds", "5"));
        cluster.apply(Path.of("examples/ab-testing.yaml"));
        cluster.editRollout(ROLLOUT, r -> {
            // no Prometheus: the experiment waits, and is concluded by hand
            r.getSpec().strategy.abTesting.analysis.prometheus.address = "http://127.0.0.1:" + FreeLoopbackPort.any();
            r.getSpec().strategy.abTesting.analysis.minDuration = null;
            return r;
        });
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        userRules = cluster.route("storefront-route").getSpec().getRules();
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void aConflictOnTheAbRulesIsReadAgainAndTriedAgainWithinTheReconcile() {
        cluster.api().failNext("PATCH", ROUTE, 409, 2, MODIFIED);

        cluster.setImage(ROLLOUT, "ghcr.io/example/storefront:2.0.0");
        awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Experimenting);
            assertThat(s.abExperiment.startedAt).isNotNull();
        });
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(variantRules()).isNotEmpty());
        assertThat(cluster.api().requests().count("PATCH", ROUTE)).as("two refused, then one that landed").isGreaterThanOrEqualTo(3);
        assertThat(cluster.api().requests().entries()).as("each conflict reads the route again (the controller's reads, not the test's)")
                .filteredOn(e -> e.method().equals("GET") && e.path().equals(ROUTE) && e.userAgent() != null && e.userAgent().startsWith("kulta/"))
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(warnings("Conflict")).isEmpty();
    }

    @Test
    void aConflictThatPersistsIsGivenUpPerReconcileReportedAndTheExperimentEndsOnceItHeals() {
        cluster.api().failNext("PATCH", ROUTE, 409, 1_000, MODIFIED);

        cluster.setImage(ROLLOUT, "ghcr.io/example/storefront:2.0.0");
        await().atMost(20, TimeUnit.SECONDS).until(() -> cluster.api().requests().count("PATCH", ROUTE) >= 6);   // two reconciles
        assertThat(cluster.status(ROLLOUT).conditions).noneMatch(c -> "Conflict".equals(c.getReason()));

        clock.advance(Duration.ofSeconds(6));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(Conditions.find(s.conditions, Conditions.PROGRESSING))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("Conflict");
                    assertThat(c.getMessage()).isEqualTo(MODIFIED);
                }));
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(warnings("Conflict")).hasSize(1));
        assertThat(variantRules()).as("no rule went in").isEmpty();

        cluster.api().clearFailures();
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(variantRules()).isNotEmpty());
        awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Experimenting);
            assertThat(Conditions.find(s.conditions, Conditions.PROGRESSING).orElseThrow().getReason()).isNotEqualTo("Conflict");
        });

        cluster.annotate(ROLLOUT, Annotations.CONCLUDE_EXPERIMENT, "true");
        var kept = awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.abExperiment.conclusionReason).isEqualTo(ConclusionReason.ManualConclusion);
        });
        assertThat(kept.abExperiment.winner).isNull();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(cluster.route("storefront-route").getSpec().getRules()).as("the user's rules, exactly").isEqualTo(userRules));
    }

    /** The rules the controller put ahead of the user's: they send only to variant B's Service. */
    private List<HTTPRouteRule> variantRules() {
        return cluster.route("storefront-route").getSpec().getRules().stream().filter(r -> !userRules.contains(r)).toList();
    }

    private List<Event> warnings(String reason) {
        return cluster.events(ROLLOUT).stream().filter(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason())).toList();
    }
}
