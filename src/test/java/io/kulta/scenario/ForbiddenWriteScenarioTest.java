package io.kulta.scenario;

import io.kulta.core.Conditions;
import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mock tier's quick version of MissingPermissionOnRealApiServerTest (which has the real server's RBAC and
 * messages): a write answered 403 shows on the Rollout as Progressing=False, reason Forbidden, and once the writes
 * are allowed again the rollout goes on.
 */
class ForbiddenWriteScenarioTest {
    static final String ROUTE_PATCH = "/apis/gateway.networking.k8s.io/v1/namespaces/forbidden/httproutes/shop-route";

    KultaCluster cluster = new KultaCluster("forbidden", false);
    RunningController controller;

    @BeforeEach
    void start() throws Exception {
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")),
                Map.of("kulta.retryMaxSeconds", "1"));
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void aForbiddenRoutePatchIsReportedOnTheRolloutUntilItIsAllowed() {
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        cluster.api().failNext("PATCH", ROUTE_PATCH, 403, 1_000);

        cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, "kulta-demo", s -> assertThat(Conditions.find(s.conditions, Conditions.PROGRESSING))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("Forbidden");
                    assertThat(c.getMessage()).isNotBlank();
                }));
        assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-canary", 0);

        cluster.api().clearFailures();
        awaitStatus(cluster, "kulta-demo", s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        });
        assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-canary", 20);
    }
}
