package io.kulta.testing.real;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kulta.playground.KubeletSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The kubelet simulator writes ReplicaSet status through /status of a real API server, which has no RS controller. */
class KubeletSimulatorOnRealApiServerTest {

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    private static KubernetesClient client;
    private static KubeletSimulator kubelet;

    @BeforeAll
    static void start() {
        client = api.clientFor("admin", api.createNamespace("kubelet"));
        kubelet = new KubeletSimulator(api.adminClient());
    }

    @AfterAll
    static void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
    }

    @Test
    void managedReplicaSetsBecomeReadyThroughTheStatusSubresource() {
        client.apps().replicaSets().resource(replicaSet("web-1", "h1", 2)).create();
        awaitReady("web-1", 2, 1);

        client.apps().replicaSets().withName("web-1")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":4}}");
        awaitReady("web-1", 4, 2);

        // A main-resource update that carries a status is taken for its spec only: status belongs to /status.
        ReplicaSet rs = client.apps().replicaSets().withName("web-1").get();
        rs.getStatus().setReadyReplicas(0);
        rs.getMetadata().getLabels().put("touched", "yes");
        client.apps().replicaSets().resource(rs).update();
        assertThat(client.apps().replicaSets().withName("web-1").get().getStatus().getReadyReplicas()).isEqualTo(4);
    }

    @Test
    void aHeldRevisionStaysUnreadyUntilReleased() {
        kubelet.hold("h2");
        client.apps().replicaSets().resource(replicaSet("web-2", "h2", 3)).create();
        // Unlike the mock (no status at all), the real server stores a created ReplicaSet with status {replicas: 0}.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> client.apps().replicaSets().withName("web-2").get().getStatus(),
                        status -> status.getReplicas() == 0 && status.getReadyReplicas() == null);

        kubelet.release("h2");
        awaitReady("web-2", 3, 1);
    }

    private void awaitReady(String name, int replicas, long generation) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            ReplicaSet rs = client.apps().replicaSets().withName(name).get();
            assertThat(rs.getMetadata().getGeneration()).isEqualTo(generation);
            ReplicaSetStatus status = rs.getStatus();
            assertThat(status).isNotNull();
            assertThat(status.getReplicas()).isEqualTo(replicas);
            assertThat(status.getReadyReplicas()).isEqualTo(replicas);
            assertThat(status.getAvailableReplicas()).isEqualTo(replicas);
            assertThat(status.getObservedGeneration()).isEqualTo(generation);
        });
    }

    private static ReplicaSet replicaSet(String name, String hash, int replicas) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(name)
                .addToLabels(KubeletSimulator.MANAGED_LABEL, "true")
                .addToLabels(KubeletSimulator.HASH_LABEL, hash)
                .endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "web").addToMatchLabels(KubeletSimulator.HASH_LABEL, hash)
                .endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web")
                .addToLabels(KubeletSimulator.HASH_LABEL, hash).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("web:" + hash).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
