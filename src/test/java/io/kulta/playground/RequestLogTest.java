package io.kulta.playground;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestLogTest {

    private static final String CM = "/api/v1/namespaces/default/configmaps/settings";

    private MockKubernetes kube;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        kube = new MockKubernetes();
        client = kube.client();
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("a", "1").build()).create();
        kube.requests().reset();
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    @Test
    void countsRequestsByVerbAndPath() {
        patch("{\"data\":{\"a\":\"2\"}}");
        patch("{\"data\":{\"a\":\"3\"}}");

        assertThat(kube.requests().count("PATCH", CM)).isEqualTo(2);
        assertThat(kube.requests().count("patch", ".*/configmaps/.*")).isEqualTo(2);
        assertThat(kube.requests().count("PUT", ".*")).isZero();
        // fabric8 7.4.0: withName(..).patch(..) GETs the object before each PATCH
        assertThat(kube.requests().entries()).extracting(RequestLog.Entry::method)
                .containsExactly("GET", "PATCH", "GET", "PATCH");

        kube.requests().reset();
        client.configMaps().resource(client.configMaps().withName("settings").get())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"a\":\"4\"}}");
        assertThat(kube.requests().entries()).extracting(RequestLog.Entry::method).containsExactly("GET", "PATCH");
    }

    @Test
    void keepsTheQueryApartFromThePath() {
        client.configMaps().withLabel("tier", "web").list();

        assertThat(kube.requests().count("GET", "/api/v1/namespaces/default/configmaps")).isEqualTo(1);
        assertThat(kube.requests().entries().get(0).query()).isEqualTo("labelSelector=tier%3Dweb");
    }

    @Test
    void injectedFailuresAnswerInsteadOfTheStore() {
        kube.failNext("PATCH", CM, 409, 1);

        assertThatThrownBy(() -> patch("{\"data\":{\"a\":\"2\"}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                });
        assertThat(client.configMaps().withName("settings").get().getData()).containsEntry("a", "1");

        patch("{\"data\":{\"a\":\"2\"}}");
        assertThat(client.configMaps().withName("settings").get().getData()).containsEntry("a", "2");
        assertThat(kube.requests().count("PATCH", CM)).isEqualTo(2);
    }

    /** fabric8 retries 5xx answers itself (requestRetryBackoffLimit), so one injected 503 is invisible to callers. */
    @Test
    void clientRetriesInjectedServerErrors() {
        kube.failNext("GET", CM, 503, 1);

        assertThat(client.configMaps().withName("settings").get()).isNotNull();
        assertThat(kube.requests().count("GET", CM)).isEqualTo(2);
    }

    private void patch(String mergePatch) {
        client.configMaps().withName("settings").patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }
}
