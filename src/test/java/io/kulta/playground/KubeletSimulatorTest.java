package io.kulta.playground;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KubeletSimulatorTest {

    private static final String STATUS_PATH = "/apis/apps/v1/namespaces/default/replicasets/[^/]+/status";

    private MockKubernetes kube;
    private KubernetesClient client;
    private KubeletSimulator kubelet;

    @BeforeEach
    void start() {
        kube = new MockKubernetes();
        client = kube.client();
        kubelet = new KubeletSimulator(client);
    }

    @AfterEach
    void stop() {
        kubelet.close();
        kube.close();
    }

    @Test
    void scaledReplicaSetBecomesReadyAndConvergesOnScaleDown() {
        client.apps().replicaSets().resource(TestObjects.managedReplicaSet("web-1", "h1", 2)).create();
        awaitReady("web-1", 2);

        scale("web-1", 5);
        awaitReady("web-1", 5);

        scale("web-1", 0);
        awaitReady("web-1", 0);
        ReplicaSetStatus status = client.apps().replicaSets().withName("web-1").get().getStatus();
        assertThat(status.getAvailableReplicas()).isZero();
        assertThat(status.getFullyLabeledReplicas()).isZero();
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
    }

    @Test
    void heldRevisionReportsNoNewReadyPodsUntilReleased() {
        client.apps().replicaSets().resource(TestObjects.managedReplicaSet("web-2", "h2", 1)).create();
        awaitReady("web-2", 1);
        kubelet.hold("h2");

        scale("web-2", 3);
        client.apps().replicaSets().resource(TestObjects.managedReplicaSet("other", "h3", 2)).create();
        awaitReady("other", 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> readyReplicas("web-2") == 1);

        kubelet.release("h2");
        awaitReady("web-2", 3);
    }

    @Test
    void unmanagedReplicaSetsAreIgnored() {
        ReplicaSet unmanaged = TestObjects.managedReplicaSet("plain", "h4", 2);
        unmanaged.getMetadata().getLabels().remove(KubeletSimulator.MANAGED_LABEL);
        client.apps().replicaSets().resource(unmanaged).create();
        client.apps().replicaSets().resource(TestObjects.managedReplicaSet("managed", "h5", 2)).create();

        awaitReady("managed", 2);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> client.apps().replicaSets().withName("plain").get().getStatus() == null);
    }

    @Test
    void retriesAfterConflicts() {
        kube.failNext("PUT", STATUS_PATH, 409, 2);

        client.apps().replicaSets().resource(TestObjects.managedReplicaSet("web-3", "h6", 4)).create();

        awaitReady("web-3", 4);
        assertThat(kube.requests().count("PUT", STATUS_PATH)).isEqualTo(3);
    }

    private void scale(String name, int replicas) {
        client.apps().replicaSets().withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private void awaitReady(String name, int replicas) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ReplicaSet rs = client.apps().replicaSets().withName(name).get();
            assertThat(rs.getStatus()).isNotNull();
            assertThat(rs.getStatus().getReplicas()).isEqualTo(replicas);
            assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(replicas);
            assertThat(rs.getStatus().getObservedGeneration()).isEqualTo(rs.getMetadata().getGeneration());
        });
    }

    private int readyReplicas(String name) {
        ReplicaSetStatus status = client.apps().replicaSets().withName(name).get().getStatus();
        return status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
    }
}
