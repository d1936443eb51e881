package io.kulta.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.kulta.core.Annotations;
import io.kulta.events.EventCounters;
import io.kulta.model.Phase;
import io.kulta.testing.HttpSink;
import io.kulta.testing.JsonSchemas;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.events.CdEvents.DEPLOYED;
import static io.kulta.events.CdEvents.PUBLISHED;
import static io.kulta.events.CdEvents.UPGRADED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SPEC §5: the canary of examples/canary.yaml, seen by a CDEvents sink over real HTTP. */
class CdEventsScenarioTest {
    static final String ROLLOUT = "kulta-demo";
    static final String NS = "shop";
    static final List<String> FULL_CANARY = List.of(DEPLOYED, PUBLISHED, DEPLOYED, UPGRADED, UPGRADED, UPGRADED, PUBLISHED);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    final HttpSink sink = new HttpSink();
    final KultaCluster cluster = new KultaCluster(NS, false);
    RunningController controller;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        cluster.close();
        sink.close();
    }

    @Test
    void structuredModeSendsOneValidCdEventPerTransitionInOrder() throws Exception {
        start(Map.of());
        walkTheCanary();

        List<HttpSink.Request> requests = awaitTypes(FULL_CANARY);
        for (HttpSink.Request r : requests) {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.header("content-type")).startsWith("application/cloudevents+json");
            JsonNode envelope = JsonSchemas.parse(r.body());
            assertThat(envelope.path("specversion").asText()).isEqualTo("1.0");
            assertThat(envelope.path("source").asText()).isEqualTo("https://kulta.io");
            JsonNode data = envelope.path("data");
            assertThat(envelope.path("id").asText()).isEqualTo(data.path("context").path("id").asText());
            assertThat(envelope.path("type").asText()).isEqualTo(data.path("context").path("type").asText());
            assertThat(envelope.path("subject").asText()).isEqualTo(data.path("subject").path("id").asText());
            assertThat(data.path("context").path("version").asText()).isEqualTo("0.4.1");
            assertThat(JsonSchemas.cdEvent(data)).as(r.body()).isEmpty();
        }
        JsonNode firstDeployed = JsonSchemas.parse(requests.get(0).body()).path("data");
        assertThat(firstDeployed.path("subject").path("id").asText()).isEqualTo("/rollouts/shop/kulta-demo/initialization");
        assertThat(firstDeployed.path("subject").path("content").path("environment").path("source").asText())
                .isEqualTo("/apis/kulta.io/v1alpha1/namespaces/shop/rollouts/kulta-demo");
        JsonNode upgraded = JsonSchemas.parse(requests.get(3).body()).path("data");
        assertThat(upgraded.path("subject").path("id").asText()).isEqualTo("/rollouts/shop/kulta-demo/step/1");
        assertThat(upgraded.path("subject").path("content").path("artifactId").asText())
                .isEqualTo("pkg:oci/shop@2.0.0?repository_url=ghcr.io/example/shop");
        JsonNode kulta = upgraded.path("customData").path("kulta");
        assertThat(kulta.path("strategy").asText()).isEqualTo("canary");
        assertThat(kulta.path("step").path("index").asInt()).isEqualTo(1);
        assertThat(kulta.path("step").path("total").asInt()).isEqualTo(3);
        assertThat(kulta.path("decision").path("reason").asText()).isEqualTo("step_advanced");
        assertThat(JsonSchemas.parse(requests.get(6).body()).path("data").path("subject").path("id").asText())
                .isEqualTo("/rollouts/shop/kulta-demo/completed");
        assertThat(counters().count("sent", "cdevents")).isEqualTo(FULL_CANARY.size());
    }

    @Test
    void binaryModeCarriesTheAttributesInCeHeaders() throws Exception {
        start(Map.of("kulta.cdeventsMode", "binary", "kulta.cdeventsSource", "https://kulta.example/controller"));
        cluster.apply(Path.of("examples/canary.yaml"));

        for (HttpSink.Request r : awaitTypes(List.of(DEPLOYED, PUBLISHED))) {
            JsonNode data = JsonSchemas.parse(r.body());
            assertThat(r.header("ce-specversion")).isEqualTo("1.0");
            assertThat(r.header("ce-type")).isEqualTo(data.path("context").path("type").asText());
            assertThat(r.header("ce-source")).isEqualTo("https://kulta.example/controller");
            assertThat(r.header("ce-id")).isEqualTo(data.path("context").path("id").asText());
            assertThat(r.header("ce-subject")).isEqualTo(data.path("subject").path("id").asText());
            assertThat(r.header("content-type")).startsWith("application/json");
            assertThat(JsonSchemas.cdEvent(data)).as(r.body()).isEmpty();
        }
    }

    @Test
    void aSinkThatFailsForAWhileLosesNoEvent() throws Exception {
        sink.failNext(3);
        start(Map.of("kulta.eventsRetryDelayMillis", "50"));
        cluster.apply(Path.of("examples/canary.yaml"));

        awaitTypes(List.of(DEPLOYED, PUBLISHED));
        assertThat(counters().count("retried", "cdevents")).isGreaterThanOrEqualTo(3);
        assertThat(counters().count("dropped", "cdevents")).isZero();
    }

    @Test
    void aSinkDownBeyondTheBufferDropsEventsAndTheRolloutStillCompletes() throws Exception {
        sink.close();   // nothing listens on the port any more
        start(Map.of("kulta.eventsBuffer", "1", "kulta.eventsMaxRetries", "100", "kulta.eventsRetryDelayMillis", "200",
                "kulta.eventsRetryMaxDelayMillis", "200"));
        walkTheCanary();

        assertThat(cluster.status(ROLLOUT).phase).isEqualTo(Phase.Completed);
        assertThat(counters().count("dropped", "cdevents")).isGreaterThanOrEqualTo(1);
        assertThat(counters().count("sent", "cdevents")).isZero();
        assertThat(io.kulta.testing.HttpGet.get(controller.httpUrl() + "/metrics").body()).as("drops on /metrics")
                .containsPattern("kulta_events_dropped_total\\{[^}]*sink=\"cdevents\"[^}]*} [1-9]");
    }

    @Test
    void aSinkThatNeverAnswersHoldsUpNoReconcile() throws Exception {
        try (io.kulta.testing.HangingServer hanging = new io.kulta.testing.HangingServer()) {
            controller = RunningController.start(cluster, clock, Map.of("kulta.cdeventsEnabled", "true",
                    "kulta.cdeventsSinkUrl", hanging.url() + "/events", "camel.component.http.responseTimeout", "60000",
                    "camel.main.shutdownTimeout", "2"));
            walkTheCanary();   // each step within ScenarioWaits' 20 s while the first POST waits a minute for its answer

            await().atMost(10, TimeUnit.SECONDS).until(() -> hanging.connections() > 0);   // the POST is there, unanswered
            assertThat(counters().count("sent", "cdevents") + counters().count("dropped", "cdevents")).isZero();
        }
    }

    private void start(Map<String, String> extra) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("kulta.cdeventsEnabled", "true",
                "kulta.cdeventsSinkUrl", sink.url("/events")));
        props.putAll(extra);
        controller = RunningController.start(cluster, clock, props);
    }

    /** examples/canary.yaml: first deployment, then v2 through 20% (promoted), 50% and 80% (timed) to completion. */
    private void walkTheCanary() {
        cluster.apply(Path.of("examples/canary.yaml"));
        ScenarioWaits.awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        ScenarioWaits.awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Paused));
        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "true");
        ScenarioWaits.awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentStepIndex).isEqualTo(1));
        ScenarioWaits.awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Paused));
        clock.advance(Duration.ofSeconds(30));
        ScenarioWaits.awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentStepIndex).isEqualTo(2));
        ScenarioWaits.awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Paused));
        clock.advance(Duration.ofSeconds(30));
        ScenarioWaits.awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.canaryRevision).isNull();
        });
    }

    private List<HttpSink.Request> awaitTypes(List<String> types) {
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(sink.received().stream()
                .map(r -> r.header("ce-type") != null ? r.header("ce-type") : JsonSchemas.parse(r.body()).path("type").asText())
                .toList()).containsExactlyElementsOf(types));
        return sink.received();
    }

    private EventCounters counters() {
        return controller.context().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
    }
}
