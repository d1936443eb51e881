package io.kulta.playground;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kulta.model.Rollout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiscoveryTest {

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
    void versionIsAKubernetesRelease() {
        assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.31.0");
        assertThat(client.getKubernetesVersion().getMajor()).isEqualTo("1");
        assertThat(client.getKubernetesVersion().getMinor()).isEqualTo("31");
    }

    @Test
    void coreAndGroupsAreDiscoverable() {
        assertThat(client.getAPIVersions().getVersions()).containsExactly("v1");
        assertThat(client.getApiGroups().getGroups()).extracting(APIGroup::getName)
                .contains("apps", "coordination.k8s.io", "gateway.networking.k8s.io", "apiextensions.k8s.io");
        assertThat(client.getApiResources("apps/v1").getResources()).extracting(APIResource::getName)
                .contains("replicasets", "deployments");
        assertThat(client.getApiResources("v1").getResources()).extracting(APIResource::getName)
                .contains("pods", "services");
        assertThat(client.supports(HTTPRoute.class)).isTrue();
    }

    @Test
    void installedCrdGroupIsDiscoverable() {
        kube.installCrd(StatusSubresourceTest.GENERATED_CRD);

        assertThat(client.getApiGroup("kulta.io").getPreferredVersion().getVersion()).isEqualTo("v1alpha1");
        assertThat(client.getApiResources("kulta.io/v1alpha1").getResources()).extracting(APIResource::getName)
                .containsExactly("rollouts");
        assertThat(client.supports(Rollout.class)).isTrue();
    }

    @Test
    void unknownGroupIsNotFound() {
        assertThat(client.getApiGroup("nothing.example.com")).isNull();
        assertThatThrownBy(() -> client.raw(kube.url() + "/apis/nothing.example.com", "GET", null))
                .isInstanceOf(KubernetesClientException.class);
    }
}
