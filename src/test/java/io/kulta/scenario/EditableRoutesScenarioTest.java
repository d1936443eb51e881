package io.kulta.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.kulta.model.Phase;
import io.kulta.testing.HttpSink;
import io.kulta.testing.JsonSchemas;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The YAML routes are the user's: editing a copy of routes/ (kulta.routesDir) changes what happens to events. */
class EditableRoutesScenarioTest {
    final KultaCluster cluster = new KultaCluster("shop", false);
    final HttpSink webhook = new HttpSink();
    RunningController controller;
    @TempDir
    Path routes;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        cluster.close();
        webhook.close();
    }

    @Test
    void replacingTheKubernetesEventStepWithTheWebhookExampleSendsEventsThereInstead() throws Exception {
        copyRoutes();
        Files.copy(Path.of("routes/notifications.yaml.example"), routes.resolve("notifications.yaml"));
        Path fanOut = routes.resolve("rollout-events.yaml");
        Files.writeString(fanOut, Files.readString(fanOut).replace("- to: direct:kube-event", "- to: direct:notify-webhook"));

        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of(
                "kulta.routesDir", routes.toString(), "kulta.notifyWebhook", webhook.url("/hook")));
        cluster.apply(Path.of("examples/canary.yaml"));
        ScenarioWaits.awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(webhook.received().stream()
                .map(r -> JsonSchemas.parse(r.body()).path("reason").asText())).contains("Started", "Completed"));
        JsonNode started = JsonSchemas.parse(webhook.received().get(0).body());
        assertThat(started.path("rollout").asText()).isEqualTo("kulta-demo");
        assertThat(cluster.eventReasons("kulta-demo")).as("Kubernetes Events, no longer in the fan-out").isEmpty();
    }

    private void copyRoutes() throws IOException {
        try (var files = Files.list(Path.of("routes"))) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, routes.resolve(f.getFileName()));
        }
    }
}
