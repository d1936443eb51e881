package io.kulta.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.kulta.model.Phase;
import io.kulta.testing.HttpSink;
import io.kulta.testing.JsonSchemas;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SPEC §5: FALSE occurrences, appended to occurrence.json and POSTed, valid against docs/false-occurrence.schema.json. */
class FalseOccurrencesScenarioTest {
    final KultaCluster cluster = new KultaCluster("shop", false);
    final HttpSink sink = new HttpSink();
    RunningController controller;
    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        cluster.close();
        sink.close();
    }

    @Test
    void everyTransitionBecomesAValidOccurrenceInTheFileAndAtTheSink() throws Exception {
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of(
                "kulta.falseEnabled", "true", "kulta.occurrenceDir", dir.toString(),
                "kulta.falseSinkUrl", sink.url("/occurrences"), "kulta.clusterName", "prod-eu"));
        cluster.apply(Path.of("examples/canary.yaml"));
        ScenarioWaits.awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
        ScenarioWaits.awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Paused));

        Path file = dir.resolve("occurrence.json");
        await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().untilAsserted(() -> assertThat(types(Files.readAllLines(file)))
                .endsWith("canary.rollout.progressing", "canary.rollout.completed",
                        "canary.rollout.progressing", "canary.rollout.paused"));
        for (String line : Files.readAllLines(file)) {
            JsonNode occurrence = JsonSchemas.parse(line);
            assertThat(JsonSchemas.falseOccurrence(occurrence)).as(line).isEmpty();
            assertThat(occurrence.path("context").path("cluster").asText()).isEqualTo("prod-eu");
            assertThat(occurrence.path("entities").get(0).path("kind").asText()).isEqualTo("Rollout");
            // the Rollout may be seen before its Services exist (ReferenceNotFound): a failure that says why
            if (occurrence.path("outcome").asText().equals("failure"))
                assertThat(occurrence.path("error").path("code").asText()).isEqualTo("ReferenceNotFound");
        }
        int lines = Files.readAllLines(file).size();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(sink.received()).hasSize(lines));
        assertThat(sink.received().get(0).header("content-type")).startsWith("application/json");
    }

    private static List<String> types(List<String> lines) {
        return lines.stream().map(l -> JsonSchemas.parse(l).path("type").asText()).toList();
    }

    @Test
    void aSinkThatIsDownAndAFileThatCannotBeWrittenDropAndCountTheirOccurrencesWhileTheRolloutCompletes() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "");   // occurrence.json cannot be created under it
        sink.close();                                                         // nothing listens on the sink's port any more
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of(
                "kulta.falseEnabled", "true", "kulta.occurrenceDir", notADirectory.toString(),
                "kulta.falseSinkUrl", sink.url("/occurrences"), "kulta.eventsMaxRetries", "1", "kulta.eventsRetryDelayMillis", "10"));
        cluster.apply(Path.of("examples/canary.yaml"));
        ScenarioWaits.awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));

        var counters = controller.context().getRegistry().lookupByNameAndType("eventCounters", io.kulta.events.EventCounters.class);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(counters.count("dropped", "false-file")).isGreaterThanOrEqualTo(1);
            assertThat(counters.count("dropped", "false-http")).isGreaterThanOrEqualTo(1);
        });
        assertThat(counters.count("sent", "false-file") + counters.count("sent", "false-http")).isZero();
    }

    @Test
    void cdEventsEnabledWithoutASinkUrlStopsTheStartWithTheVariableToSet() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunningController.start(cluster,
                        new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of("kulta.cdeventsEnabled", "true")))
                .hasStackTraceContaining("KULTA_CDEVENTS_SINK_URL must be set when its sink is enabled");
    }
}
