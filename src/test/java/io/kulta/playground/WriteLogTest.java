package io.kulta.playground;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.playground.WriteLog.Write;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The write log: each write with its sender and the stored object just before and after it. */
class WriteLogTest {
    static final String CMS = "/api/v1/namespaces/default/configmaps";

    final MockKubernetes kube = new MockKubernetes();
    final KubernetesClient client = kube.client();

    @AfterEach
    void stop() {
        kube.close();
    }

    @Test
    void recordsNothingUntilEnabled() {
        create();

        assertThat(kube.writes().writes()).isEmpty();
    }

    @Test
    void eachWriteCarriesTheObjectBeforeAndAfterIt() {
        kube.writes().enable();
        create();
        client.configMaps().withName("settings").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"a\":\"2\"}}");
        client.configMaps().withName("settings").delete();

        List<Write> writes = kube.writes().writes();
        assertThat(writes).extracting(Write::method, Write::path, Write::status)
                .containsExactly(Tuple.tuple("POST", CMS, 201),
                        Tuple.tuple("PATCH", CMS + "/settings", 202),   // the mock answers a PATCH with 202
                        Tuple.tuple("DELETE", CMS + "/settings", 200));
        assertThat(writes.get(0).before()).isNull();
        assertThat(json(writes.get(0).after()).path("data").path("a").asText()).isEqualTo("1");
        assertThat(json(writes.get(1).before()).path("data").path("a").asText()).isEqualTo("1");
        assertThat(json(writes.get(1).after()).path("data").path("a").asText()).isEqualTo("2");
        assertThat(writes.get(1).body()).isEqualTo("{\"data\":{\"a\":\"2\"}}");
        assertThat(json(writes.get(2).before()).path("data").path("a").asText()).isEqualTo("2");
        assertThat(writes.get(2).after()).isNull();
        assertThat(writes).allSatisfy(w -> assertThat(w.userAgent()).startsWith("fabric8-kubernetes-client"));
    }

    @Test
    void aStatusWriteChangesOnlyTheStatusAndSaysSo() {
        kube.installCrd(Path.of("deploy/crd.yaml"));
        kube.writes().enable();
        var rollouts = client.genericKubernetesResources("kulta.io/v1alpha1", "Rollout");
        var created = rollouts.resource(Serialization.unmarshal("""
                {"apiVersion":"kulta.io/v1alpha1","kind":"Rollout","metadata":{"name":"r"},"spec":{"replicas":1}}""",
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)).create();
        created.setAdditionalProperty("status", java.util.Map.of("phase", "Completed"));
        rollouts.resource(created).updateStatus();

        Write status = kube.writes().writes().get(1);
        assertThat(status.path()).isEqualTo("/apis/kulta.io/v1alpha1/namespaces/default/rollouts/r/status");
        assertThat(json(status.before()).has("status")).isFalse();
        assertThat(json(status.after()).path("status").path("phase").asText()).isEqualTo("Completed");
        assertThat(json(status.after()).path("spec")).isEqualTo(json(status.before()).path("spec"));
    }

    @Test
    void aRefusedWriteIsRecordedWithItsStatusAndNoChange() {
        create();
        kube.writes().enable();
        kube.failNext("PATCH", CMS + "/settings", 403, 1);

        assertThatThrownBy(() -> client.configMaps().withName("settings")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"a\":\"2\"}}"))
                .isInstanceOf(KubernetesClientException.class);

        assertThat(kube.writes().writes()).singleElement().satisfies(w -> {
            assertThat(w.status()).isEqualTo(403);
            assertThat(w.changedSomething()).isFalse();
        });
    }

    private void create() {
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("a", "1").build()).create();
    }

    private static JsonNode json(String text) {
        return Serialization.unmarshal(text, JsonNode.class);
    }
}
