package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The deletion scenario on the CRUD mock, plus what only the mock can do: refuse the cleanup's writes. */
class DeletionScenarioTest extends DeletionScenario {
    static final String ROUTE_PATCH = ".*/httproutes/shop-route";

    @Override
    KultaCluster newCluster() {
        return new KultaCluster("deletion", false);
    }

    @Test
    void aDeletionWhoseRouteWriteIsForbiddenIsReleasedAfterTheTimeoutWithAWarning() throws Exception {
        start(Map.of("kulta.cleanupTimeoutSeconds", "5"));
        canaryPausedAtTwentyPercent();
        cluster.api().failNext("PATCH", ROUTE_PATCH, 403, 1_000);

        delete(CANARY);

        // within the timeout the Rollout waits in deletion for its cleanup
        ScenarioWaits.awaitReconciles(controller, 3);
        assertThat(cluster.rollout(CANARY)).isNotNull();
        assertThat(cluster.rollout(CANARY).getMetadata().getDeletionTimestamp()).isNotNull();

        Instant deleted = Instant.parse(cluster.rollout(CANARY).getMetadata().getDeletionTimestamp());
        clock.advance(Duration.between(clock.instant(), deleted.plusSeconds(6)));

        awaitGone(CANARY);
        assertThat(cluster.weights("shop-route", 0)).as("the write never went through").containsEntry("shop-canary", 20);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.events(CANARY))
                .filteredOn(e -> "CleanupTimedOut".equals(e.getReason()))
                .singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains("403", "HTTPRoute shop-route");
                }));
        assertThat(cluster.events(CANARY)).extracting(Event::getReason).doesNotContain("Removed");
        assertThat(awaitRemovedCdEvent().path("customData").path("kulta").path("decision").path("reason").asText())
                .as("removed all the same, saying the cleanup timed out").isEqualTo("cleanup_timed_out");
    }
}
