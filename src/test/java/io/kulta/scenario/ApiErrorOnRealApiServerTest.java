package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kulta.core.Conditions;
import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Rollout named with 64 characters is a valid object, but its name does not fit the rollouts.kulta.io/rollout label
 * of its ReplicaSet: the real API server refuses the ReplicaSet with 422, which shows on that Rollout while another
 * Rollout completes.
 */
class ApiErrorOnRealApiServerTest {
    static final String LONG_NAME = "a".repeat(64);

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    KultaCluster cluster;
    RunningController controller;

    @BeforeEach
    void start() throws Exception {
        cluster = KultaCluster.onRealApiServer(api, "apierrors");
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")),
                Map.of("kulta.retryMaxSeconds", "1"));
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void aRolloutNameTooLongForALabelIsInvalidOnItsStatusWhileAnotherRolloutCompletes() {
        create(simple(LONG_NAME));
        create(simple("short"));

        awaitStatus(cluster, "short", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        awaitStatus(cluster, LONG_NAME, s -> assertThat(Conditions.find(s.conditions, Conditions.PROGRESSING))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("Invalid");
                    assertThat(c.getMessage()).contains("must be no more than 63 characters");
                }));
        assertThat(cluster.events(LONG_NAME)).filteredOn(e -> "Invalid".equals(e.getReason()))
                .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
        assertThat(cluster.replicaSets(LONG_NAME)).isEmpty();
    }

    private void create(String yaml) {
        for (HasMetadata item : cluster.client().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items())
            cluster.create(item);
    }

    private static String simple(String name) {
        return """
                apiVersion: kulta.io/v1alpha1
                kind: Rollout
                metadata: {name: %1$s}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: "web:1"}]}
                  strategy: {simple: {}}
                """.formatted(name);
    }
}
