package io.kulta.playground;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

class MergePatchTest {

    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private static MockKubernetes kube;
    private static KubernetesClient client;

    @BeforeAll
    static void start() {
        kube = new MockKubernetes();
        client = kube.client();
    }

    @AfterAll
    static void stop() {
        kube.close();
    }

    @Test
    void stockDispatcherAppendsArraysAndStoresNulls() throws Exception {
        JsonNode base = Serialization.unmarshal("{\"a\":[1,2],\"b\":{\"c\":1,\"d\":2}}", JsonNode.class);
        String patch = "{\"a\":[3],\"b\":{\"c\":null}}";

        assertThat(new KubernetesCrudDispatcher().merge(base, patch).toString())
                .isEqualTo("{\"a\":[1,2,3],\"b\":{\"c\":null,\"d\":2}}");
        assertThat(new ApiServerLikeDispatcher().merge(base, patch).toString())
                .isEqualTo("{\"a\":[3],\"b\":{\"d\":2}}");
    }

    @Test
    void serviceSelectorKeyIsDeletedAndPortsAreReplaced() {
        client.services().resource(TestObjects.service("selector-svc")).create();

        Service patched = client.services().withName("selector-svc").patch(MERGE, """
                {"spec": {"selector": {"pod-template-hash": null, "track": "canary"},
                          "ports": [{"name": "http", "port": 8080}]}}""");

        assertThat(patched.getSpec().getSelector()).containsOnly(entry("app", "demo"), entry("track", "canary"));
        assertThat(patched.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(8080);
        assertThat(client.services().withName("selector-svc").get().getSpec().getSelector())
                .containsOnlyKeys("app", "track");
    }

    @Test
    void httpRouteBackendRefsAreReplacedAndNullsDelete() {
        client.resource(TestObjects.httpRoute("weights")).create();

        HTTPRoute patched = client.resources(HTTPRoute.class).withName("weights").patch(MERGE, """
                {"metadata": {"annotations": {"kulta.io/note": null}},
                 "spec": {"hostnames": null,
                          "rules": [{"backendRefs": [{"name": "demo-stable", "port": 80, "weight": 80},
                                                     {"name": "demo-canary", "port": 80, "weight": 20}]}]}}""");

        assertThat(patched.getSpec().getRules()).hasSize(1);
        assertThat(patched.getSpec().getRules().get(0).getBackendRefs())
                .extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight)
                .containsExactly(
                        tuple("demo-stable", 80),
                        tuple("demo-canary", 20));
        assertThat(patched.getSpec().getHostnames()).isNullOrEmpty();
        assertThat(patched.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(patched.getSpec().getParentRefs()).hasSize(1);
    }
}
