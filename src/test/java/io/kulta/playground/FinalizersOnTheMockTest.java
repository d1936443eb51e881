package io.kulta.playground;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deletion scenario relies on the mock deleting as a real API server does (fabric8's CRUD dispatcher already
 * does; this keeps it so): an object with finalizers is only marked, and goes once its last finalizer is removed.
 */
class FinalizersOnTheMockTest {
    private final MockKubernetes kube = new MockKubernetes();
    private final KubernetesClient client = kube.client();

    @AfterEach
    void stop() {
        kube.close();
    }

    @Test
    void deletingAnObjectWithAFinalizerMarksItAndRemovingTheFinalizerDeletesIt() {
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .withFinalizers("example.com/a", "kulta.io/cleanup").endMetadata().build()).create();

        client.configMaps().withName("held").delete();

        ConfigMap marked = client.configMaps().withName("held").get();
        assertThat(marked).isNotNull();
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();

        client.configMaps().withName("held").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/1\",\"value\":\"kulta.io/cleanup\"},"
                        + "{\"op\":\"remove\",\"path\":\"/metadata/finalizers/1\"}]");
        assertThat(client.configMaps().withName("held").get().getMetadata().getFinalizers()).containsExactly("example.com/a");

        client.configMaps().withName("held").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"}]");
        assertThat(client.configMaps().withName("held").get()).isNull();
    }
}
