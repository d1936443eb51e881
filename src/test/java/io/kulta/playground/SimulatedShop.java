package io.kulta.playground;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.core.Labels;

import java.util.List;

/**
 * The "shop" app on the mock API, as the controller would have left it: ReplicaSets per revision (made ready by the
 * kubelet simulator), Services selecting a revision, an HTTPRoute. For the traffic simulator's tests.
 */
final class SimulatedShop implements AutoCloseable {
    static final String ROLLOUT = "shop";
    final MockKubernetes kube = new MockKubernetes();
    final KubernetesClient client = kube.client();
    final KubeletSimulator kubelet = new KubeletSimulator(client);

    /** A revision's ReplicaSet running {@code shop:<hash>}, labelled as the controller labels it. */
    SimulatedShop revision(String hash, int replicas) {
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata().withName(ROLLOUT + "-" + hash)
                .addToLabels(Labels.MANAGED, "true").addToLabels(Labels.ROLLOUT, ROLLOUT)
                .addToLabels(Labels.POD_TEMPLATE_HASH, hash).addToLabels("app", ROLLOUT)
                .endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", ROLLOUT).addToMatchLabels(Labels.POD_TEMPLATE_HASH, hash).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", ROLLOUT).addToLabels(Labels.POD_TEMPLATE_HASH, hash)
                .addToLabels(Labels.ROLLOUT, ROLLOUT).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image(hash)).endContainer().endSpec()
                .endTemplate()
                .endSpec().build();
        client.apps().replicaSets().resource(rs).create();
        return this;
    }

    static String image(String hash) {
        return "shop:" + hash;
    }

    /** A Service selecting app=shop and this revision. */
    SimulatedShop service(String name, String hash) {
        Service s = new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addToSelector("app", ROLLOUT).addToSelector(Labels.POD_TEMPLATE_HASH, hash)
                .addNewPort().withPort(80).endPort().endSpec().build();
        client.services().resource(s).create();
        return this;
    }

    SimulatedShop route(HTTPRouteRule... rules) {
        HTTPRoute r = new HTTPRouteBuilder().withNewMetadata().withName("shop-route").endMetadata()
                .withNewSpec().addNewParentRef().withName("gateway").endParentRef().withRules(List.of(rules)).endSpec().build();
        client.resources(HTTPRoute.class).resource(r).create();
        return this;
    }

    /** A rule sending to these Services with these weights: weighted("shop-stable", 80, "shop-canary", 20). */
    static HTTPRouteRule weighted(String s1, int w1, String s2, int w2) {
        return new HTTPRouteRuleBuilder()
                .addNewBackendRef().withName(s1).withPort(80).withWeight(w1).endBackendRef()
                .addNewBackendRef().withName(s2).withPort(80).withWeight(w2).endBackendRef().build();
    }

    /** The rule KULTA puts ahead of the user's for an A/B header match: header → 100 % to the variant B Service. */
    static HTTPRouteRule variantHeader(String header, String value, String serviceB) {
        return new HTTPRouteRuleBuilder().withName("kulta-variant-b-0")
                .addNewMatch().withNewPath().withType("PathPrefix").withValue("/").endPath()
                .addNewHeader().withName(header).withType("Exact").withValue(value).endHeader().endMatch()
                .addNewBackendRef().withName(serviceB).withPort(80).withWeight(100).endBackendRef().build();
    }

    static HTTPRouteRule to(String service) {
        return new HTTPRouteRuleBuilder().addNewMatch().withNewPath().withType("PathPrefix").withValue("/").endPath().endMatch()
                .addNewBackendRef().withName(service).withPort(80).endBackendRef().build();
    }

    @Override
    public void close() {
        kubelet.close();
        kube.close();
    }
}
