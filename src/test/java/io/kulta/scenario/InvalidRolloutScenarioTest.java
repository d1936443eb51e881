package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.kulta.core.Conditions;
import io.kulta.model.CanaryStep;
import io.kulta.model.Pause;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input gets a clear error and loses nothing: an invalid Rollout gets Valid=False and a Warning
 * Event naming the field, nothing else in the cluster is touched for it, and a valid Rollout next to
 * it completes.
 */
class InvalidRolloutScenarioTest {
    KultaCluster cluster;
    RunningController controller;

    @BeforeEach
    void start() throws Exception {
        cluster = new KultaCluster("invalid", false);
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    static Stream<Arguments> invalidRollouts() {
        return Stream.of(
                Arguments.of("two strategies", "spec.strategy: exactly one of simple, canary, blueGreen, abTesting must be set, found canary, blueGreen",
                        (Consumer<Rollout>) r -> r.getSpec().strategy.blueGreen = new io.kulta.model.BlueGreenStrategy()),
                Arguments.of("setWeight 150", "spec.strategy.canary.steps[0].setWeight: must be between 0 and 100, got 150",
                        (Consumer<Rollout>) r -> r.getSpec().strategy.canary.steps.get(0).setWeight = 150),
                Arguments.of("pause 5x", "spec.strategy.canary.steps[1].pause.duration: invalid duration \"5x\"",
                        (Consumer<Rollout>) r -> r.getSpec().strategy.canary.steps.get(1).pause = new Pause("5x")),
                Arguments.of("pause 5µ", "spec.strategy.canary.steps[1].pause.duration: invalid duration \"5µ\"",
                        (Consumer<Rollout>) r -> r.getSpec().strategy.canary.steps.get(1).pause = new Pause("5µ")),
                Arguments.of("no steps", "spec.strategy.canary.steps: must have at least one step",
                        (Consumer<Rollout>) r -> r.getSpec().strategy.canary.steps = List.<CanaryStep>of()),
                Arguments.of("no stable service", "spec.strategy.canary.stableService: is required",
                        (Consumer<Rollout>) r -> r.getSpec().strategy.canary.stableService = null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRollouts")
    void anInvalidRolloutIsReportedAndTouchesNothingWhileAValidOneCompletes(String name, String message, Consumer<Rollout> breakIt)
            throws Exception {
        cluster.apply(Path.of("examples/canary.yaml"));
        cluster.create(broken("broken", breakIt));

        RolloutStatus status = awaitStatus(cluster, "broken", s -> assertThat(s.conditions).isNotEmpty());
        Condition valid = Conditions.find(status.conditions, Conditions.VALID).orElseThrow();
        assertThat(valid.getStatus()).isEqualTo("False");
        assertThat(valid.getReason()).isEqualTo("InvalidSpec");
        assertThat(valid.getMessage()).contains(message);
        assertThat(status.phase).isNull();
        await().untilAsserted(() -> assertThat(cluster.events("broken")).extracting(Event::getReason, Event::getType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("InvalidSpec", "Warning")));
        assertThat(cluster.events("broken").get(0).getMessage()).contains(message);

        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        assertThat(cluster.replicaSets("broken")).isEmpty();
        assertThat(cluster.api().requests().entries())
                .filteredOn(e -> !e.method().equals("GET") && e.path().contains("/broken"))
                .extracting(e -> e.method() + " " + e.path())
                .as("only the broken Rollout's own status is written")
                .allMatch(w -> w.endsWith("/rollouts/broken/status"));
    }

    private Rollout broken(String name, Consumer<Rollout> breakIt) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("examples/canary.yaml"))) {
            var client = cluster.api().client();
            Rollout r = client.getKubernetesSerialization().convertValue(client.load(in).items().stream()
                    .filter(i -> "Rollout".equals(i.getKind())).findFirst().orElseThrow(), Rollout.class);
            r.getMetadata().setName(name);
            breakIt.accept(r);
            return r;
        }
    }
}
