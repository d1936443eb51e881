package io.kulta.scenario;

import io.kulta.core.Annotations;
import io.kulta.model.Phase;
import io.kulta.testing.HttpGet;
import io.kulta.testing.MutableClock;
import io.kulta.testing.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /metrics as Prometheus scrapes it, after the canary of examples/canary.yaml walked to completion and then was aborted. */
class MetricsScenarioTest {
    static final String NS = "metrics";
    static final String ROLLOUT = "kulta-demo";
    static final Map<String, String> CANARY = Map.of("strategy", "canary");
    static final Map<String, String> ITS_WEIGHT = Map.of("namespace", NS, "rollout", ROLLOUT);

    KultaCluster cluster = new KultaCluster(NS, false);
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    RunningController controller;

    @BeforeEach
    void start() throws Exception {
        controller = RunningController.start(cluster, clock, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void aCanaryWalkShowsInTheControllersMetrics() {
        cluster.api().failNext("PATCH", ".*/rollouts/" + ROLLOUT, 503, 1);   // the client retries it itself
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentWeight).isEqualTo(20));
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(scrape().value("kulta_traffic_weight", ITS_WEIGHT)).isEqualTo(20.0));

        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "true");
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentWeight).isEqualTo(50));
        clock.advance(Duration.ofSeconds(30));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentWeight).isEqualTo(80));
        clock.advance(Duration.ofSeconds(30));
        var completed = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        int weight = completed.currentWeight;
        clock.advance(Duration.ofSeconds(30));
        ScenarioWaits.awaitReplicas(cluster, ROLLOUT, Map.of(completed.stableRevision, 5));

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            PrometheusText m = scrape();
            assertThat(m.value("kulta_traffic_weight", ITS_WEIGHT)).isEqualTo((double) weight);
            assertThat(m.value("kulta_rollouts_active", Map.of("phase", "Completed", "strategy", "canary"))).isEqualTo(1.0);
            assertThat(m.value("kulta_rollouts_active", Map.of("phase", "Paused", "strategy", "canary"))).isZero();
            assertThat(m.value("kulta_rollouts_active")).isEqualTo(1.0);
            assertThat(m.value("kulta_step_advances_total", CANARY)).as("two timed pauses ended").isEqualTo(2.0);
            assertThat(m.value("kulta_aborts_total", CANARY)).isZero();
            assertThat(m.value("kulta_rollbacks_total", CANARY)).isZero();
        });

        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:3.0.0");
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Paused));
        ScenarioWaits.awaitReplicas(cluster, ROLLOUT, Map.of(completed.stableRevision, 4,
                cluster.revisionWithImage(ROLLOUT, "ghcr.io/example/shop:3.0.0"), 1));
        cluster.annotate(ROLLOUT, Annotations.ABORT, "true");
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Aborted));

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            PrometheusText m = scrape();
            assertThat(m.value("kulta_aborts_total", CANARY)).isEqualTo(1.0);
            assertThat(m.value("kulta_rollouts_active", Map.of("phase", "Aborted", "strategy", "canary"))).isEqualTo(1.0);
            assertThat(m.value("kulta_rollouts_active", Map.of("phase", "Completed", "strategy", "canary"))).isZero();
            assertThat(m.value("kulta_traffic_weight", ITS_WEIGHT)).isEqualTo((double) cluster.status(ROLLOUT).currentWeight);
        });
        PrometheusText m = scrape();
        assertThat(m.value("kulta_reconciliations_total", Map.of("result", "success"))).isPositive();
        assertThat(m.value("kulta_reconciliations_total", Map.of("result", "requeue"))).as("timed pauses and settle delays").isPositive();
        assertThat(m.value("kulta_reconciliations_total", Map.of("result", "error")))
                .as("only a write that raced the test's own edits (a 409, retried) may fail").isLessThanOrEqualTo(2.0);
        assertThat(m.value("kulta_reconciliation_duration_seconds_count", CANARY)).isPositive();
        assertThat(m.value("kulta_reconciliation_duration_seconds_bucket", Map.of("strategy", "canary", "le", "+Inf")))
                .isEqualTo(m.value("kulta_reconciliation_duration_seconds_count", CANARY));
        assertThat(m.value("kulta_workqueue_adds_total")).isGreaterThanOrEqualTo(m.value("kulta_reconciliations_total"));
        assertThat(m.value("kulta_workqueue_depth")).isNotNull();
        assertThat(m.value("kulta_workqueue_retries_total")).isZero();
        assertThat(m.value("kulta_workqueue_wait_seconds_count")).as("one wait per key handed out (counted at take)")
                .isGreaterThanOrEqualTo(m.value("kulta_reconciliations_total"));
        assertThat(m.value("kulta_leader")).as("no leader election: always the leader").isEqualTo(1.0);
        assertThat(m.value("kulta_api_requests_total", Map.of("verb", "patch", "code", "503"))).isEqualTo(1.0);
        assertThat(m.value("kulta_api_requests_total", Map.of("verb", "patch"))).as("the retry, weights, selectors").isGreaterThan(2.0);
        assertThat(m.value("kulta_api_requests_total", Map.of("verb", "get", "code", "200"))).as("informer lists").isPositive();
        assertThat(m.value("kulta_api_requests_total", Map.of("verb", "post", "code", "201"))).as("ReplicaSets, Events").isPositive();
        assertThat(m.value("kulta_api_requests_total", Map.of("verb", "watch"))).isPositive();
        assertThat(m.value("jvm_memory_used_bytes")).as("the JVM's").isPositive();
        assertThat(m.series()).as("Camel's own route metrics").anyMatch(s -> s.name().startsWith("camel_exchanges")
                && "reconcile".equals(s.labels().get("routeId")));
        assertThat(m.series()).as("no exchange event notifier: it scans every meter after each exchange")
                .noneMatch(s -> s.name().startsWith("camel_exchanges_last_timestamp") || s.name().startsWith("camel_exchange_event_notifier"));
    }

    private PrometheusText scrape() {
        HttpGet.Answer answer = HttpGet.get(controller.httpUrl() + "/metrics");
        assertThat(answer.status()).isEqualTo(200);
        return new PrometheusText(answer.body());
    }
}
