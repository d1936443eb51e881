package io.kulta.scenario;

import io.kulta.events.EventCounters;
import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kubernetes Events are written from their own buffer: a refused Event is retried, and never holds up or fails a reconcile. */
class KubeEventsScenarioTest {
    static final String ROLLOUT = "kulta-demo";
    static final String EVENTS = "/api/v1/namespaces/shop/events";

    final KultaCluster cluster = new KultaCluster("shop", false);
    RunningController controller;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        cluster.close();
    }

    @Test
    void anEventTheApiRefusesForAWhileIsWrittenOnRetry() throws Exception {
        cluster.api().failNext("POST", EVENTS, 403, 3);   // the client itself retries 5xx; a 4xx comes to the route
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-12-02T10:00:00Z")),
                Map.of("kulta.eventsRetryDelayMillis", "50"));
        cluster.apply(Path.of("examples/canary.yaml"));

        ScenarioWaits.awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(cluster.eventReasons(ROLLOUT)).containsSubsequence("Started", "Completed"));
        assertThat(counters().count("retried", "kube-event")).isEqualTo(3);
        assertThat(counters().count("dropped", "kube-event")).isZero();
    }

    @Test
    void eventsTheApiAlwaysRefusesAreDroppedAndCountedWhileTheRolloutCompletes() throws Exception {
        cluster.api().failNext("POST", EVENTS, 403, Integer.MAX_VALUE);
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-12-02T10:00:00Z")),
                Map.of("kulta.eventsRetryDelayMillis", "10", "kulta.eventsMaxRetries", "2"));
        cluster.apply(Path.of("examples/canary.yaml"));

        ScenarioWaits.awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(counters().count("dropped", "kube-event")).isEqualTo(2));
        assertThat(counters().count("sent", "kube-event")).isZero();
        assertThat(cluster.eventReasons(ROLLOUT)).isEmpty();
    }

    private EventCounters counters() {
        return controller.context().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
    }
}
