package io.kulta.scenario;

import io.kulta.model.Phase;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The canary scenario on the mock tier, plus what only the mock can show: its request log. */
class CanaryScenarioTest extends CanaryScenario {

    @Override
    KultaCluster newCluster() {
        return new KultaCluster("shop", false);
    }

    @Test
    void aSettledRolloutIsReconciledWithoutWrites() {
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        awaitReplicas(Map.of(cluster.status(ROLLOUT).stableRevision, 5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->       // Events are written off the reconcile thread
                assertThat(cluster.eventReasons(ROLLOUT)).contains("Completed"));

        cluster.api().requests().reset();
        NotifyBuilder threeResyncs = new NotifyBuilder(controller.context()).fromRoute("reconcile-worker").whenCompleted(3).create();
        assertThat(threeResyncs.matches(20, TimeUnit.SECONDS)).isTrue();

        assertThat(cluster.api().requests().entries())
                .filteredOn(e -> !e.method().equals("GET"))
                .as("writes while settled").isEmpty();
    }
}
