package io.kulta.playground;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutSpec;
import io.kulta.model.RolloutStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class StatusSubresourceTest {

    static final Path GENERATED_CRD = Path.of("target/classes/META-INF/fabric8/rollouts.kulta.io-v1.yml");

    private MockKubernetes kube;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        kube = new MockKubernetes();
        client = kube.client();
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    @Test
    void replicaSetMainMergePatchKeepsTheStatusTheSimulatorWrote() {
        try (KubeletSimulator kubelet = new KubeletSimulator(client)) {
            client.apps().replicaSets().resource(TestObjects.managedReplicaSet("web-a", "a1", 3)).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> readyReplicas("web-a") == 3);
            kubelet.hold("a1");

            ReplicaSet patched = client.apps().replicaSets().withName("web-a")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":5},\"status\":{\"replicas\":0}}");

            assertThat(patched.getSpec().getReplicas()).isEqualTo(5);
            assertThat(patched.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(patched.getStatus().getReplicas()).isEqualTo(3);
            assertThat(patched.getMetadata().getGeneration()).isEqualTo(2L);
            assertThat(patched.getStatus().getObservedGeneration()).isEqualTo(1L);

            kubelet.release("a1");
            await().atMost(Duration.ofSeconds(10)).until(() -> readyReplicas("web-a") == 5);
        }
    }

    @Test
    void replicaSetMainPutKeepsStatusAndStatusPutChangesOnlyStatus() {
        ReplicaSet created = client.apps().replicaSets().resource(TestObjects.managedReplicaSet("web-b", "b1", 2)).create();
        created.setStatus(new ReplicaSetStatusBuilder().withReplicas(2).withReadyReplicas(2).build());
        created.getSpec().setReplicas(7); // ignored on /status
        ReplicaSet afterStatus = client.apps().replicaSets().resource(created).updateStatus();
        assertThat(afterStatus.getSpec().getReplicas()).isEqualTo(2);
        assertThat(afterStatus.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1L);

        afterStatus.setStatus(null); // a controller that only knows the spec
        afterStatus.getSpec().setReplicas(4);
        ReplicaSet afterPut = client.apps().replicaSets().resource(afterStatus).update();

        assertThat(afterPut.getSpec().getReplicas()).isEqualTo(4);
        assertThat(afterPut.getStatus().getReadyReplicas()).isEqualTo(2);
    }

    @Test
    void createDropsTheStatusOfKindsWithAStatusSubresource() {
        ReplicaSet rs = TestObjects.managedReplicaSet("web-c", "c1", 2);
        rs.setStatus(new ReplicaSetStatusBuilder().withReplicas(2).withReadyReplicas(2).build());

        assertThat(client.apps().replicaSets().resource(rs).create().getStatus()).isNull();
    }

    @Test
    void statusPutWithAStaleResourceVersionIsAConflict() {
        ReplicaSet created = client.apps().replicaSets().resource(TestObjects.managedReplicaSet("web-d", "d1", 2)).create();
        created.setStatus(new ReplicaSetStatusBuilder().withReplicas(1).build());
        client.apps().replicaSets().resource(created).updateStatus();

        created.setStatus(new ReplicaSetStatusBuilder().withReplicas(2).build()); // still the old resourceVersion
        assertThatThrownBy(() -> client.apps().replicaSets().resource(created).updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.apps().replicaSets().withName("web-d").get().getStatus().getReplicas()).isEqualTo(1);
    }

    @Test
    void serviceAndHttpRouteMainWritesKeepStatus() {
        Service svc = client.services().resource(TestObjects.service("lb")).create();
        svc.setStatus(new ServiceStatusBuilder().withNewLoadBalancer()
                .withIngress(new LoadBalancerIngressBuilder().withIp("10.0.0.1").build()).endLoadBalancer().build());
        svc = client.services().resource(svc).updateStatus();
        svc.setStatus(null);
        svc.getSpec().getSelector().put("track", "stable");
        Service afterPut = client.services().resource(svc).update();
        assertThat(afterPut.getStatus().getLoadBalancer().getIngress()).hasSize(1);

        HTTPRoute route = client.resource(TestObjects.httpRoute("route")).create();
        route.setStatus(new HTTPRouteStatusBuilder().addNewParent().withControllerName("example.com/gw")
                .withNewParentRef().withName("gateway").endParentRef().endParent().build());
        client.resource(route).updateStatus();
        HTTPRoute patched = client.resources(HTTPRoute.class).withName("route").patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"hostnames\":[\"b.example.com\"]},\"status\":null}");
        assertThat(patched.getStatus().getParents()).hasSize(1);
        assertThat(patched.getSpec().getHostnames()).containsExactly("b.example.com");
    }

    @Test
    void rolloutStatusIsASubresourceOnceTheCrdIsInstalled() {
        kube.installCrd(GENERATED_CRD);
        Rollout rollout = new Rollout();
        rollout.getMetadata().setName("demo");
        rollout.setSpec(new RolloutSpec());
        Rollout created = client.resources(Rollout.class).resource(rollout).create();
        created.setStatus(new RolloutStatus());
        created.getStatus().message = "progressing";
        client.resources(Rollout.class).resource(created).updateStatus();

        Rollout patched = client.resources(Rollout.class).withName("demo")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"status\":null}");

        assertThat(patched.getStatus().message).isEqualTo("progressing");
    }

    private int readyReplicas(String name) {
        ReplicaSet rs = client.apps().replicaSets().withName(name).get();
        Integer ready = rs.getStatus() == null ? null : rs.getStatus().getReadyReplicas();
        return ready == null ? 0 : ready;
    }
}
