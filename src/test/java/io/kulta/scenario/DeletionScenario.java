package io.kulta.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.kulta.core.AbRouteRules;
import io.kulta.core.Cleanup;
import io.kulta.core.Labels;
import io.kulta.events.CdEvents;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.testing.HttpSink;
import io.kulta.testing.JsonSchemas;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §3 "Deleting a Rollout", on each tier (a subclass per tier): a Rollout deleted mid-rollout leaves all traffic on
 * its stable revision, says so in a service.removed CDEvent and a Kubernetes Event, and is then gone.
 */
abstract class DeletionScenario {
    static final String CANARY = "kulta-demo";
    static final String AB = "storefront";

    // starts at the real time: the API server stamps deletionTimestamp with it
    final MutableClock clock = new MutableClock(Instant.now());
    final HttpSink sink = new HttpSink();
    KultaCluster cluster;
    RunningController controller;

    abstract KultaCluster newCluster();

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        if (cluster != null) cluster.close();
        sink.close();
    }

    void start(Map<String, String> extra) throws Exception {
        cluster = newCluster();
        Map<String, String> props = new HashMap<>(Map.of("kulta.cdeventsEnabled", "true",
                "kulta.cdeventsSinkUrl", sink.url("/events")));
        props.putAll(extra);
        controller = RunningController.start(cluster, clock, props);
    }

    @Test
    void aCanaryDeletedAtTwentyPercentLeavesAllTrafficOnStableAndIsGone() throws Exception {
        start(Map.of());
        String stable = canaryPausedAtTwentyPercent();

        delete(CANARY);

        awaitGone(CANARY);
        assertThat(cluster.weights("shop-route", 0)).containsExactly(Map.entry("shop-stable", 100), Map.entry("shop-canary", 0));
        assertThat(cluster.selector("shop-stable")).containsEntry(Labels.POD_TEMPLATE_HASH, stable).containsEntry("app", "shop");
        assertThat(cluster.selector("shop-canary")).containsEntry(Labels.POD_TEMPLATE_HASH, stable);
        JsonNode removed = awaitRemovedCdEvent();
        assertThat(removed.path("subject").path("id").asText()).isEqualTo("/rollouts/" + cluster.namespace() + "/kulta-demo/removed");
        assertThat(removed.path("customData").path("kulta").path("revision").asText()).isEqualTo(stable);
        assertThat(removed.path("customData").path("kulta").path("image").asText()).isEqualTo("ghcr.io/example/shop:1.0.0");
        assertThat(JsonSchemas.cdEvent(removed)).as(removed.toString()).isEmpty();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.events(CANARY))
                .filteredOn(e -> "Removed".equals(e.getReason())).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal")));
        assertThat(types()).as("announced once").containsOnlyOnce(CdEvents.REMOVED);
    }

    @Test
    void anAbRolloutDeletedMidExperimentTakesItsRulesAwayAndLeavesBothVariantsOnA() throws Exception {
        start(Map.of());
        cluster.apply(Path.of("examples/ab-testing.yaml"));
        String a = ScenarioWaits.awaitStatus(cluster, AB, s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        var userRules = cluster.route("storefront-route").getSpec().getRules();
        cluster.setImage(AB, "ghcr.io/example/storefront:2.0.0");
        ScenarioWaits.awaitStatus(cluster, AB, s -> assertThat(s.phase).isEqualTo(Phase.Experimenting));
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(cluster.route("storefront-route").getSpec().getRules()).hasSize(3 * userRules.size()));

        delete(AB);

        awaitGone(AB);
        assertThat(cluster.route("storefront-route").getSpec().getRules()).isEqualTo(userRules);
        assertThat(cluster.route("storefront-route").getMetadata().getAnnotations()).doesNotContainKey(AbRouteRules.MANAGED_RULES);
        assertThat(cluster.selector("storefront-a")).containsEntry(Labels.POD_TEMPLATE_HASH, a);
        assertThat(cluster.selector("storefront-b")).containsEntry(Labels.POD_TEMPLATE_HASH, a);
        JsonNode removed = awaitRemovedCdEvent();
        assertThat(removed.path("customData").path("kulta").path("strategy").asText()).isEqualTo("ab-testing");
        assertThat(removed.path("customData").path("kulta").path("revision").asText()).isEqualTo(a);
        assertThat(removed.path("customData").path("kulta").path("image").asText()).isEqualTo("ghcr.io/example/storefront:1.0.0");
        assertThat(JsonSchemas.cdEvent(removed)).as(removed.toString()).isEmpty();
    }

    /** examples/canary.yaml deployed, then a new image paused at its first step (20%); returns the stable revision. */
    String canaryPausedAtTwentyPercent() {
        cluster.apply(Path.of("examples/canary.yaml"));
        String stable = ScenarioWaits.awaitStatus(cluster, CANARY, s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(cluster.rollout(CANARY).getMetadata().getFinalizers()).containsExactly(Cleanup.FINALIZER));
        cluster.setImage(CANARY, "ghcr.io/example/shop:2.0.0");
        ScenarioWaits.awaitStatus(cluster, CANARY, s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        });
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-canary", 20));
        return stable;
    }

    void delete(String rollout) {
        cluster.client().resources(Rollout.class).withName(rollout).delete();
    }

    void awaitGone(String rollout) {
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.rollout(rollout)).isNull());
    }

    JsonNode awaitRemovedCdEvent() {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(types()).contains(CdEvents.REMOVED));
        return sink.received().stream().map(r -> JsonSchemas.parse(r.body()).path("data"))
                .filter(d -> CdEvents.REMOVED.equals(d.path("context").path("type").asText())).findFirst().orElseThrow();
    }

    List<String> types() {
        return sink.received().stream().map(r -> JsonSchemas.parse(r.body()).path("type").asText()).toList();
    }
}
