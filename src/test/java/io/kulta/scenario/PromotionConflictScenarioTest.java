package io.kulta.scenario;

import io.kulta.core.Annotations;
import io.kulta.model.CanaryStep;
import io.kulta.model.Pause;
import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.kulta.scenario.ScenarioWaits.awaitReconciles;
import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** A promotion is acted on once, even when the status write after the annotation's removal gets a 409. */
class PromotionConflictScenarioTest {
    static final String NS = "promotion";
    static final String STATUS_PUT = "/apis/kulta.io/v1alpha1/namespaces/" + NS + "/rollouts/kulta-demo/status";

    KultaCluster cluster = new KultaCluster(NS, false);
    RunningController controller;

    @BeforeEach
    void start() throws Exception {
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void aConflictOnTheStatusAfterThePromoteAnnotationIsRemovedStillAdvancesExactlyOneStep() {
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        cluster.editRollout("kulta-demo", r -> {
            r.getSpec().strategy.canary.steps = List.of(new CanaryStep(20, new Pause()), new CanaryStep(40, new Pause()),
                    new CanaryStep(60, new Pause()));
            r.getSpec().template.getSpec().getContainers().get(0).setImage("ghcr.io/example/shop:2.0.0");
            return r;
        });
        awaitStatus(cluster, "kulta-demo", s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
            assertThat(s.readyReplicas).isEqualTo(s.replicas).isEqualTo(5);
        });
        awaitReconciles(controller, 3);   // settled: the next status write is the promotion's

        cluster.api().failNext("PUT", STATUS_PUT, 409, 1);
        cluster.annotate("kulta-demo", Annotations.PROMOTE, "true");

        awaitStatus(cluster, "kulta-demo", s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentStepIndex).isEqualTo(1);
            assertThat(s.currentWeight).isEqualTo(40);
        });
        assertThat(cluster.api().requests().count("PUT", STATUS_PUT)).isGreaterThanOrEqualTo(2);   // the 409 happened
        assertThat(cluster.rollout("kulta-demo").getMetadata().getAnnotations()).doesNotContainKey(Annotations.PROMOTE);
        awaitReconciles(controller, 3);
        assertThat(cluster.status("kulta-demo").currentStepIndex).isEqualTo(1);
        assertThat(cluster.eventReasons("kulta-demo")).containsOnlyOnce("Promoted");
    }
}
