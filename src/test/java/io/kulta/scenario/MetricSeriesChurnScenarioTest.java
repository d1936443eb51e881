package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kulta.model.Rollout;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** No metric has a series per Rollout that outlives it: 1,000 Rollouts come and go, the kulta_ series count is back where it was. */
class MetricSeriesChurnScenarioTest {
    static final String NS = "series";
    static final int ROLLOUTS = 1_000;

    KultaCluster cluster = new KultaCluster(NS, false, 0);
    RunningController controller;

    @BeforeEach
    void start() throws Exception {
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")),
                Map.of("kulta.workers", "4"));
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void aThousandRolloutsCreatedAndDeletedLeaveTheSeriesCountAtItsBaseline() {
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
}
