package io.kulta.kube;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kulta.core.CanaryPlanner;
import io.kulta.core.Observation;
import io.kulta.core.Plan;
import io.kulta.core.TrafficSplit;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The controller's optimistic-concurrency guards against a real API server: a status write from a stale read is a
 * 409 and the next reconcile, on fresh data, succeeds; the HTTPRoute patch's resourceVersion test fails with 422 on a
 * stale read and the writer retries on the route it reads again. Also what a status write does to generation.
 */
class WriteGuardsOnRealApiServerTest {

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    static String namespace;
    static KubernetesClient client;
    final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void exampleApplied() {
        namespace = api.createNamespace("guards");
        client = api.clientFor("admin", namespace);
        var applied = api.kubectl("apply", "-n", namespace, "-f", "examples/canary.yaml");
        assertThat(applied.succeeded()).as("%s", applied).isTrue();
    }

    @Test
    void aStatusWriteFromAStaleReadIsAConflictAndTheNextReconcileOnFreshDataSucceeds() {
        Rollout stale = rollout();
        client.resources(Rollout.class).withName("kulta-demo").edit(r -> {
            r.getMetadata().getLabels().put("team", "shop"); // what kubectl label does while the controller plans
            return r;
        });
        RolloutWriter writer = new RolloutWriter(client, new StatusUpdater(client, new WrittenVersions()),
                new RolloutEvents(clock, (rollout, revision) -> null), new StatusPacing(java.time.Duration.ZERO, (key, delay) -> { }),
                new io.kulta.metrics.StatusWriteCounters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));

        assertThatThrownBy(() -> writer.apply(plan(stale)))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        Rollout fresh = rollout();
        assertThat(writer.apply(plan(fresh))).as("the events of the recorded transitions").isNotEmpty();
        Rollout written = rollout();
        assertThat(written.getStatus().phase).isEqualTo(Phase.Progressing);
        assertThat(written.getMetadata().getLabels()).containsEntry("team", "shop");
        assertThat(written.getMetadata().getGeneration()).as("status and labels are not spec").isEqualTo(fresh.getMetadata().getGeneration());
        assertThat(written.getStatus().observedGeneration).isEqualTo(written.getMetadata().getGeneration());
    }

    @Test
    void aSpecChangeBumpsGenerationAndAStatusWriteDoesNot() {
        long before = rollout().getMetadata().getGeneration();
        client.resources(Rollout.class).withName("kulta-demo").edit(r -> {
            r.getSpec().replicas = 6;
            return r;
        });
        assertThat(rollout().getMetadata().getGeneration()).isEqualTo(before + 1);

        Rollout current = rollout();
        current.setStatus(new RolloutStatus());
        current.getStatus().message = "written by the test";
        client.resources(Rollout.class).resource(current).updateStatus();
        assertThat(rollout().getMetadata().getGeneration()).isEqualTo(before + 1);
    }

    @Test
    void aRoutePatchFromAStaleReadFailsItsResourceVersionTestWith422AndTheWriterRetriesOnFreshData() throws Exception {
        KubeCaches caches = new KubeCaches(api.clientFor("admin", namespace), namespace, key -> { });
        caches.start();
        await().atMost(30, TimeUnit.SECONDS).until(caches::synced);
        caches.close(); // the store keeps what it saw: from here on it is a stale read
        HTTPRoute stale = caches.httpRoute(namespace, "shop-route");
        client.resources(HTTPRoute.class).withName("shop-route").edit(r -> {
            r.getMetadata().setLabels(Map.of("team", "shop"));
            return r;
        });
        HttpRouteWriter writer = new HttpRouteWriter(client, caches, new WrittenVersions());
        TrafficSplit split = new TrafficSplit("shop-route", "shop-stable", "shop-canary", 30, 80);

        String stalePatch = writer.patch(stale.getMetadata().getResourceVersion(),
                io.kulta.core.RouteWeights.changes(stale, split));
        assertThatThrownBy(() -> client.resources(HTTPRoute.class).withName("shop-route")
                .patch(PatchContext.of(PatchType.JSON), stalePatch))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));

        writer.apply(new Plan(observation(rollout()), Map.of(), Map.of(), split, null, new RolloutStatus(), List.of(), Set.of(), null));
        HTTPRoute written = client.resources(HTTPRoute.class).withName("shop-route").get();
        assertThat(written.getSpec().getRules().get(0).getBackendRefs().stream()
                .collect(Collectors.toMap(HTTPBackendRef::getName, HTTPBackendRef::getWeight)))
                .containsEntry("shop-stable", 70).containsEntry("shop-canary", 30);
        assertThat(written.getMetadata().getLabels()).containsEntry("team", "shop");
    }

    private Plan plan(Rollout rollout) {
        return new CanaryPlanner().plan(observation(rollout));
    }

    private Observation observation(Rollout rollout) {
        return new Observation(rollout, Map.of(), Set.of("shop-stable", "shop-canary"), Set.of("shop-route"), clock.instant());
    }

    private static Rollout rollout() {
        return client.resources(Rollout.class).withName("kulta-demo").get();
    }
}
