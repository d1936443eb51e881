package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kulta.kube.ApiErrorReporter;
import io.kulta.kube.WrittenVersions;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.prometheus.LatestMeasurements;
import io.kulta.queue.WorkQueue;
import io.kulta.testing.HttpGet;
import io.kulta.testing.MutableClock;
import io.kulta.testing.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing the controller keeps in memory per Rollout outlives the Rollout: 1,000 come and go, the maps end empty and
 * the metric series are as many as before.
 */
class DeletedRolloutsScenarioTest {
    static final String NS = "churn";
    static final int ROLLOUTS = 1_000;
    static final int MEASURED = 3;

    KultaCluster cluster = new KultaCluster(NS, false, 0);
    RunningController controller;

    @BeforeEach
    void start() throws Exception {
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")),
                Map.of("kulta.retryMaxSeconds", "1", "kulta.analysisInterval", "1s", "kulta.workers", "4"));
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void aThousandDeletedRolloutsLeaveNothingBehindInTheControllersMemory() {
        // a few canaries measured by the analysis tick (no Prometheus: every tick records an error measurement)
        IntStream.range(0, MEASURED).forEach(i -> load(measuredCanary("measured-" + i)));
        IntStream.range(0, MEASURED).forEach(i ->
                awaitStatus(cluster, "measured-" + i, s -> assertThat(s.phase).isEqualTo(Phase.Completed)));
        IntStream.range(0, MEASURED).forEach(i -> cluster.setImage("measured-" + i, "ghcr.io/example/shop:2.0.0"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> bean("measurements", LatestMeasurements.class).size() == MEASURED);

        // and many Rollouts whose writes keep failing with a 5xx, so each has a backoff and a first-failure time
        cluster.api().failNext("POST", "/apis/apps/v1/namespaces/" + NS + "/replicasets", 503, Integer.MAX_VALUE);
        IntStream.range(0, ROLLOUTS).forEach(i -> load(simple("churn-" + i)));
        await().atMost(60, TimeUnit.SECONDS)
                .until(() -> bean("apiErrorReporter", ApiErrorReporter.class).size() == ROLLOUTS);
        assertThat(bean("writtenVersions", WrittenVersions.class).size()).isPositive();

        cluster.client().resources(Rollout.class).inNamespace(NS).delete();

        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(bean("apiErrorReporter", ApiErrorReporter.class).size()).as("first-failure times").isZero();
            assertThat(bean("measurements", LatestMeasurements.class).size()).as("measurements").isZero();
            assertThat(bean("writtenVersions", WrittenVersions.class).size()).as("written versions").isZero();
            assertThat(bean("workQueue", WorkQueue.class).trackedKeys()).as("backoffs and delayed adds").isZero();
        });
    }

    @Test
    void aThousandRolloutsCreatedAndDeletedLeaveTheMetricSeriesCountAtItsBaseline() {
        // one Rollout first, so the series every simple reconcile and deletion adds once (bounded by strategy) exist
        load(simple("warm-up"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> cluster.status("warm-up").phase != null);
        deleteAllRollouts();
        long baseline = kultaSeries();

        IntStream.range(0, ROLLOUTS).forEach(i -> load(simple("churn-" + i)));
        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(scrape().series()).filteredOn(s -> s.name().equals("kulta_traffic_weight")).hasSize(ROLLOUTS));
        assertThat(kultaSeries()).isEqualTo(baseline + ROLLOUTS);

        deleteAllRollouts();
        assertThat(kultaSeries()).isEqualTo(baseline);
    }

    private void deleteAllRollouts() {
        cluster.client().resources(Rollout.class).inNamespace(NS).delete();
        await().atMost(90, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(scrape().value("kulta_traffic_weight")).as("weight series left").isNull());
    }

    /**
     * The kulta_ series, but those of kulta_api_requests_total: their codes are bounded (HTTP statuses) but which of them
     * occur (a 409 here, a 404 there) depends on timing, not on the number of Rollouts.
     */
    private long kultaSeries() {
        return scrape().series().stream()
                .filter(s -> s.name().startsWith("kulta_") && !s.name().startsWith("kulta_api_requests")).count();
    }

    private PrometheusText scrape() {
        HttpGet.Answer answer = HttpGet.get(controller.httpUrl() + "/metrics");
        assertThat(answer.status()).isEqualTo(200);
        return new PrometheusText(answer.body());
    }

    private <T> T bean(String name, Class<T> type) {
        return controller.context().getRegistry().lookupByNameAndType(name, type);
    }

    private void load(String yaml) {
        for (HasMetadata item : cluster.client().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items())
            cluster.create(item);
    }

    private static String simple(String name) {
        return """
                apiVersion: kulta.io/v1alpha1
                kind: Rollout
                metadata: {name: %1$s}
                spec:
                  replicas: 0
                  selector: {matchLabels: {app: %1$s}}
                  template:
                    metadata: {labels: {app: %1$s}}
                    spec: {containers: [{name: app, image: "ghcr.io/example/app:1"}]}
                  strategy: {simple: {}}
                """.formatted(name);
    }

    private static String measuredCanary(String name) {
        return """
                apiVersion: kulta.io/v1alpha1
                kind: Rollout
                metadata: {name: %1$s}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: %1$s}}
                  template:
                    metadata: {labels: {app: %1$s}}
                    spec: {containers: [{name: shop, image: "ghcr.io/example/shop:1.0.0"}]}
                  strategy:
                    canary:
                      stableService: %1$s-stable
                      canaryService: %1$s-canary
                      steps: [{setWeight: 20, pause: {}}]
                      analysis:
                        metrics: [{name: error-rate, threshold: 5}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s-stable}
                spec: {selector: {app: %1$s}, ports: [{port: 80}]}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s-canary}
                spec: {selector: {app: %1$s}, ports: [{port: 80}]}
                """.formatted(name);
    }
}
