package io.kulta.playground;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

/**
 * What examples/README.md asks a namespace to have before the examples apply: the Gateway {@value #GATEWAY} their
 * routes attach to, and a Service {@value #STATIC_ASSETS} (one ready pod behind it) for the rule of canary.yaml that
 * names neither rollout Service.
 */
final class ExamplePrerequisites {
    static final String GATEWAY = "shop-gateway";
    static final String STATIC_ASSETS = "static-assets";

    private ExamplePrerequisites() {
    }

    static void create(KubernetesClient client, String namespace) {
        client.resource(new GatewayBuilder().withNewMetadata().withName(GATEWAY).withNamespace(namespace).endMetadata()
                .withNewSpec().withGatewayClassName("kulta-playground")
                .addNewListener().withName("http").withPort(80).withProtocol("HTTP").endListener()
                .endSpec().build()).createOr(NonDeletingOperation::update);
        client.resource(new ServiceBuilder().withNewMetadata().withName(STATIC_ASSETS).withNamespace(namespace).endMetadata()
                .withNewSpec().addToSelector("app", STATIC_ASSETS)
                .addNewPort().withName("http").withPort(80).endPort()
                .endSpec().build()).createOr(NonDeletingOperation::update);
        ReplicaSet pods = client.resource(new ReplicaSetBuilder()
                .withNewMetadata().withName(STATIC_ASSETS).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", STATIC_ASSETS).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", STATIC_ASSETS).endMetadata()
                .withNewSpec().addNewContainer().withName("static").withImage("ghcr.io/example/static-assets:1.0.0").endContainer()
                .endSpec().endTemplate().endSpec().build()).createOr(NonDeletingOperation::update);
        // no KULTA label, so the kubelet simulator leaves it alone: its one pod is ready from the start
        pods.setStatus(new ReplicaSetStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1)
                .withFullyLabeledReplicas(1).withObservedGeneration(pods.getMetadata().getGeneration()).build());
        client.apps().replicaSets().resource(pods).updateStatus();
    }
}
