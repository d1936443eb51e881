package io.kulta.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.playground.MockKubernetes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The checker itself can fail: on examples/ab-testing.yaml with both variant Services on revision "aaaa", moving
 * storefront-a's selector while the user's rules send to it is a breach; moving it while rules ahead of the user's,
 * with the same matches, take all of its requests is not.
 */
class TrafficInvariantTest {
    MockKubernetes mock = new MockKubernetes();
    KubernetesClient client;
    TrafficInvariant invariant;

    @BeforeEach
    void exampleOnRevisionAaaa() throws IOException {
        mock.installCrd(Path.of("deploy/crd.yaml"));
        client = mock.newClient("inv");
        invariant = new TrafficInvariant(client);
        try (var in = new FileInputStream("examples/ab-testing.yaml")) {
            for (HasMetadata item : client.load(in).items()) client.resource(item).create();
        }
        replicaSet("aaaa");
        replicaSet("bbbb");
        select("storefront-a", "aaaa");
        select("storefront-b", "aaaa");
        awaitRecorded();
        assertThat(invariant.armedRollouts()).containsExactly("inv/storefront");
    }

    @AfterEach
    void close() {
        invariant.close();
        client.close();
        mock.close();
    }

    @Test
    void aSelectorThatMovesWhileTheUsersRulesSendToItIsABreach() {
        select("storefront-a", "bbbb");

        awaitRecorded();
        assertThat(invariant.violations()).singleElement().asString()
                .contains("the selector of storefront-a changed from aaaa to bbbb while it carried weight 1");
    }

    @Test
    void aSelectorThatMovesWhileEarlierRulesWithTheSameMatchesTakeItsRequestsIsNoBreach() {
        client.resources(HTTPRoute.class).withName("storefront-route").edit(route -> {
            List<HTTPRouteRule> rules = new ArrayList<>();
            for (HTTPRouteRule user : route.getSpec().getRules())
                rules.add(new HTTPRouteRuleBuilder(user).withBackendRefs().addNewBackendRef().withName("storefront-b").withPort(80).endBackendRef().build());
            rules.addAll(route.getSpec().getRules());
            route.getSpec().setRules(rules);
            return route;
        });
        select("storefront-a", "bbbb");

        awaitRecorded();
        assertThat(invariant.violations()).isEmpty();
    }

    private void replicaSet(String hash) {
        ReplicaSet rs = client.apps().replicaSets().resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("storefront-" + hash).endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("pod-template-hash", hash).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "storefront").addToLabels("pod-template-hash", hash).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("storefront:" + hash).endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        rs.setStatus(new io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder().withReplicas(3).withAvailableReplicas(3).build());
        client.apps().replicaSets().resource(rs).updateStatus();
    }

    private void select(String service, String hash) {
        client.services().withName(service).edit(s -> {
            s.getSpec().setSelector(Map.of("app", "storefront", "pod-template-hash", hash));
            return s;
        });
    }

    /** Until the informers have reported everything written so far. */
    private void awaitRecorded() {
        long written = client.services().list().getItems().stream().map(Service::getMetadata)
                .mapToLong(m -> Long.parseLong(m.getResourceVersion())).max().orElseThrow();
        await().atMost(10, TimeUnit.SECONDS).until(() -> invariant.latestVersion() >= written);
    }
}
