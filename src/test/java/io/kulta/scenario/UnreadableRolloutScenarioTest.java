package io.kulta.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Forward compatibility: Rollouts written for a newer CRD are in the cluster before the controller starts (the mock
 * has no schema, as a cluster whose CRD is newer than the controller has none for the new fields). A field the model
 * does not know is ignored; one it cannot read is reported on that Rollout by name, and every other Rollout is served.
 */
class UnreadableRolloutScenarioTest {
    static final Path CANARY = Path.of("examples/canary.yaml");
    KultaCluster cluster;
    RunningController controller;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        cluster.close();
    }

    @Test
    void unknownFieldsAreIgnoredAndAnUnreadableRolloutIsReportedWhileTheOthersAreServed() throws Exception {
        cluster = new KultaCluster("compat", false);
        cluster.apply(CANARY);                                                 // kulta-demo, its Services and route
        ObjectNode future = RawRollouts.example(CANARY, "future");
        ((ObjectNode) future.at("/spec/strategy/canary")).putObject("someFutureField").put("mode", "fast");
        ((ObjectNode) future.at("/spec")).put("someFutureTopLevel", 7);
        RawRollouts.create(cluster.client(), cluster.namespace(), future);
        ObjectNode garbled = RawRollouts.example(CANARY, "garbled");
        ((ObjectNode) garbled.at("/spec")).put("replicas", "three");
        RawRollouts.create(cluster.client(), cluster.namespace(), garbled);
        ObjectNode noSteps = RawRollouts.example(CANARY, "steps-x");
        ((ObjectNode) noSteps.at("/spec/strategy/canary")).put("steps", "x");
        RawRollouts.create(cluster.client(), cluster.namespace(), noSteps);

        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-12-02T10:00:00Z")), Map.of());

        assertThat(controller.context().getStatus()).isEqualTo(ServiceStatus.Started);
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        awaitStatus(cluster, "future", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        assertReportedByName("garbled", "spec.replicas", "\"three\"");
        assertReportedByName("steps-x", "spec.strategy.canary.steps", "\"x\"");
    }

    @Test
    void aRolloutThatArrivesUnreadableWhileTheControllerRunsStopsNothing() throws Exception {
        cluster = new KultaCluster("compat-live", false);
        cluster.apply(CANARY);
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-12-02T10:00:00Z")), Map.of());
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));

        ObjectNode garbled = RawRollouts.example(CANARY, "garbled");
        ((ObjectNode) garbled.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", 1e20);
        RawRollouts.create(cluster.client(), cluster.namespace(), garbled);
        assertReportedByName("garbled", "spec.template.spec.containers[0].ports[0].containerPort", "1.0E20");
        cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");

        awaitStatus(cluster, "kulta-demo", s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        });
    }

    private void assertReportedByName(String name, String field, String value) {
        JsonNode valid = await().atMost(20, TimeUnit.SECONDS).until(
                () -> RawRollouts.condition(RawRollouts.get(cluster.client(), cluster.namespace(), name), "Valid"),
                c -> !c.isMissingNode());
        assertThat(valid.path("status").asText()).isEqualTo("False");
        assertThat(valid.path("reason").asText()).isEqualTo("InvalidSpec");
        assertThat(valid.path("message").asText()).contains(field + ":").contains(value);
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.events(name))
                .extracting(Event::getReason, Event::getType).containsExactly(org.assertj.core.groups.Tuple.tuple("InvalidSpec", "Warning")));
        assertThat(cluster.events(name).get(0).getMessage()).contains(field + ":");
        assertThat(cluster.replicaSets(name)).isEmpty();
        assertThat(cluster.api().requests().entries())
                .filteredOn(e -> e.isWrite() && e.path().contains("/" + name))
                .extracting(e -> e.method() + " " + e.path())
                .as("only %s's own status is written", name)
                .allMatch(w -> w.endsWith("/rollouts/" + name + "/status"));
    }
}
