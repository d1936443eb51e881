package io.kulta.playground;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;

/** Small objects for the harness's own tests. */
final class TestObjects {

    private TestObjects() {}

    /** A ReplicaSet labelled as managed by KULTA, for the kubelet simulator. */
    static ReplicaSet managedReplicaSet(String name, String hash, int replicas) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(name)
                .addToLabels(KubeletSimulator.MANAGED_LABEL, "true")
                .addToLabels(KubeletSimulator.HASH_LABEL, hash)
                .addToLabels("app", "demo")
                .endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "demo").addToMatchLabels(KubeletSimulator.HASH_LABEL, hash)
                .endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "demo")
                .addToLabels(KubeletSimulator.HASH_LABEL, hash).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("demo:" + hash).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static Service service(String name) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .addToSelector("app", "demo").addToSelector(KubeletSimulator.HASH_LABEL, "stable1")
                .addNewPort().withName("http").withPort(80).endPort()
                .addNewPort().withName("metrics").withPort(9090).endPort()
                .endSpec()
                .build();
    }

    /** An HTTPRoute with one rule sending 100% to "demo-stable" and 0% to "demo-canary". */
    static HTTPRoute httpRoute(String name) {
        return new HTTPRouteBuilder()
                .withNewMetadata().withName(name).addToAnnotations("kulta.io/note", "x").endMetadata()
                .withNewSpec()
                .withHostnames("demo.example.com")
                .addNewParentRef().withName("gateway").endParentRef()
                .addNewRule()
                .addNewBackendRef().withName("demo-stable").withPort(80).withWeight(100).endBackendRef()
                .addNewBackendRef().withName("demo-canary").withPort(80).withWeight(0).endBackendRef()
                .endRule()
                .endSpec()
                .build();
    }
}
