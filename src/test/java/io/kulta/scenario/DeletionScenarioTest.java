package io.kulta.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kulta.core.Labels;
import io.kulta.model.Rollout;
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

    @Test
    void anUnreadableRolloutDeletedMidCanaryIsCleanedUpFromWhatCanBeReadAndLetGoWithAWarning() throws Exception {
        start(Map.of("kulta.cleanupTimeoutSeconds", "5"));
        String stable = canaryPausedAtTwentyPercent();
        makeUnreadable(CANARY, "replicas", "three");

        delete(CANARY);

        awaitGoneAsStored(CANARY);
        assertThat(cluster.weights("shop-route", 0)).containsExactly(Map.entry("shop-stable", 100), Map.entry("shop-canary", 0));
        assertThat(cluster.selector("shop-stable")).containsEntry(Labels.POD_TEMPLATE_HASH, stable);
        assertThat(cluster.selector("shop-canary")).containsEntry(Labels.POD_TEMPLATE_HASH, stable);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.events(CANARY))
                .filteredOn(e -> "CleanupIncomplete".equals(e.getReason()))
                .singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains("spec.replicas: must be an integer, got \"three\"", "stable revision " + stable);
                }));
        JsonNode removed = awaitRemovedCdEvent();
        assertThat(removed.path("customData").path("kulta").path("decision").path("reason").asText()).isEqualTo("cleanup_incomplete");
    }

    @Test
    void anUnreadableRolloutWhoseCleanupIsRefusedIsLetGoAfterTheTimeoutNamingBoth() throws Exception {
        start(Map.of("kulta.cleanupTimeoutSeconds", "5"));
        canaryPausedAtTwentyPercent();
        makeUnreadable(CANARY, "replicas", "three");
        cluster.api().failNext("PATCH", ROUTE_PATCH, 403, 1_000);

        delete(CANARY);

        ScenarioWaits.awaitReconciles(controller, 3);
        JsonNode held = RawRollouts.get(cluster.client(), cluster.namespace(), CANARY);
        assertThat(held).as("held while the timeout has not passed").isNotNull();
        Instant deleted = Instant.parse(held.path("metadata").path("deletionTimestamp").asText());
        clock.advance(Duration.between(clock.instant(), deleted.plusSeconds(6)));

        awaitGoneAsStored(CANARY);
        assertThat(cluster.weights("shop-route", 0)).as("the write never went through").containsEntry("shop-canary", 20);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.events(CANARY))
                .filteredOn(e -> "CleanupTimedOut".equals(e.getReason()))
                .singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).contains("403", "HTTPRoute shop-route", "spec.replicas: must be an integer");
                }));
    }

    /** Gone, as the API stores it (the typed client cannot read it any more). */
    private void awaitGoneAsStored(String rollout) {
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(RawRollouts.get(cluster.client(), cluster.namespace(), rollout)).isNull());
    }

    /** Writes a value the model cannot hold into the Rollout's spec (the mock has no schema), and waits until it is reported. */
    private void makeUnreadable(String rollout, String field, String value) {
        cluster.client().genericKubernetesResources(ResourceDefinitionContext.fromResourceType(Rollout.class))
                .inNamespace(cluster.namespace()).withName(rollout).edit(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
                    spec.put(field, value);
                    return r;
                });
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                RawRollouts.condition(RawRollouts.get(cluster.client(), cluster.namespace(), rollout), "Valid").path("message").asText())
                .contains("spec." + field + ":"));
    }
}
