package io.kulta.playground;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A JSON patch guarded by a {@code test} of the resourceVersion: optimistic concurrency without a PUT. */
class JsonPatchTest {

    private static final PatchContext JSON = PatchContext.of(PatchType.JSON);

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
    void succeedsWithTheCurrentResourceVersion() {
        Service svc = client.services().resource(TestObjects.service("guarded-ok")).create();

        Service patched = client.services().withName("guarded-ok").patch(JSON,
                guardedSelectorPatch(svc.getMetadata().getResourceVersion(), "canary1"));

        assertThat(patched.getSpec().getSelector()).containsEntry(KubeletSimulator.HASH_LABEL, "canary1");
        assertThat(patched.getMetadata().getResourceVersion()).isNotEqualTo(svc.getMetadata().getResourceVersion());
    }

    @Test
    void isUnprocessableWithAStaleResourceVersion() {
        Service svc = client.services().resource(TestObjects.service("guarded-stale")).create();
        client.services().withName("guarded-stale").patch(JSON,
                guardedSelectorPatch(svc.getMetadata().getResourceVersion(), "canary1"));

        assertThatThrownBy(() -> client.services().withName("guarded-stale").patch(JSON,
                guardedSelectorPatch(svc.getMetadata().getResourceVersion(), "canary2")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThat(client.services().withName("guarded-stale").get().getSpec().getSelector())
                .containsEntry(KubeletSimulator.HASH_LABEL, "canary1");
    }

    private static String guardedSelectorPatch(String resourceVersion, String hash) {
        return """
                [{"op": "test", "path": "/metadata/resourceVersion", "value": "%s"},
                 {"op": "replace", "path": "/spec/selector/pod-template-hash", "value": "%s"}]"""
                .formatted(resourceVersion, hash);
    }
}
