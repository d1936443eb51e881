package io.kulta.core;

import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.kulta.core.ObservationBuilder.observe;
import static io.kulta.core.Plans.actions;
import static io.kulta.core.Rollouts.canary;
import static io.kulta.core.Rollouts.canaryStatus;
import static io.kulta.core.Rollouts.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** SPEC §3 Validation: "No input may crash the controller" — odd statuses and metadata included. */
class CanaryOddInputsTest {
    static final String V1 = canary("shop").image("shop:v1").revision();
    static final String V2 = canary("shop").image("shop:v2").revision();

    static Stream<Arguments> oddRollouts() {
        return Stream.of(
                odd("a pauseStartTime that is not a timestamp", r -> r.getStatus().pauseStartTime = "yesterday"),
                odd("a pauseStartTime without a zone", r -> r.getStatus().pauseStartTime = "2026-11-25T10:00:00"),
                odd("no currentStepIndex or currentWeight", r -> {
                    r.getStatus().currentStepIndex = null;
                    r.getStatus().currentWeight = null;
                }),
                odd("a negative weight in the status", r -> r.getStatus().currentWeight = -40),
                odd("null conditions", r -> r.getStatus().conditions = null),
                odd("no generation", r -> r.getMetadata().setGeneration(null)),
                odd("no namespace", r -> r.getMetadata().setNamespace(null)),
                odd("a stable revision whose ReplicaSet is gone", r -> r.getStatus().stableRevision = "gone"),
                odd("a template without a pod spec", r -> r.getSpec().template.setSpec(null)),
                odd("a phase of Failed", r -> r.getStatus().phase = Phase.Failed));
    }

    static Arguments odd(String name, Consumer<Rollout> change) {
        return arguments(name, change);
    }

    @ParameterizedTest(name = "{0} does not break the planner")
    @MethodSource("oddRollouts")
    void oddInputsGiveAPlanNotAnException(String name, Consumer<Rollout> change) {
        RolloutStatus status = canaryStatus(V1, V2, 0, 20);
        status.phase = Phase.Paused;
        status.pauseStartTime = "2026-11-25T09:00:00Z";
        Rollout rollout = canary("shop").image("shop:v2").replicas(5).steps(step(20, "5m"), step(50, null)).status(status).build();
        change.accept(rollout);

        assertThatCode(() -> observe(rollout).replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).plan()).doesNotThrowAnyException();
    }

    @Test
    void anUnreadablePauseStartTimeRestartsThePause() {
        RolloutStatus status = canaryStatus(V1, V2, 0, 20);
        status.phase = Phase.Paused;
        status.pauseStartTime = "yesterday";
        Plan plan = observe(canary("shop").image("shop:v2").replicas(5).steps(step(20, "5m"), step(50, null)).status(status))
                .replicaSet(V1, 4, 4).replicaSet(V2, 1, 1).plan();

        assertThat(plan.status().pauseStartTime).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(plan.requeueAfter()).isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(actions(plan)).containsExactly(Transition.Action.PAUSED);
    }
}
