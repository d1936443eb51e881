package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import io.kulta.testing.real.CuttableProxy;
import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WatchExpiryScenarioTest on a real API server: the controller's connections are cut after etcd was compacted past
 * its informers' resourceVersions, so their watches, resumed from there, are answered 410 Gone (the server runs
 * without watch cache); the informers list again and the canary goes on.
 */
class WatchExpiryOnRealApiServerTest {
    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    CuttableProxy proxy;
    KultaCluster cluster;
    RunningController controller;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        if (cluster != null) cluster.close();
        if (proxy != null) proxy.close();
    }

    @Test
    void watchesResumedAfterACompactionAreAnswered410AndReListedAndTheCanaryGoesOn() throws Exception {
        proxy = api.newProxy();
        cluster = KultaCluster.onRealApiServer(api, "gone", proxy);
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of());
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        long rolloutLists = api.requestCount("LIST", "kulta.io", "rollouts");
        long replicaSetLists = api.requestCount("LIST", "apps", "replicasets");

        // a write none of the informers sees, so the compaction passes every resourceVersion they hold
        cluster.client().configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("churn").endMetadata().build()).create();
        api.compactEtcd();
        proxy.cut();

        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(api.requestCount("LIST", "kulta.io", "rollouts")).as("Rollout lists").isGreaterThan(rolloutLists);
            assertThat(api.requestCount("LIST", "apps", "replicasets")).as("ReplicaSet lists").isGreaterThan(replicaSetLists);
        });
        cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.currentWeight).isEqualTo(20));
    }
}
