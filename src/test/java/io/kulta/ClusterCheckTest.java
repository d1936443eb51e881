package io.kulta;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.Rollout;
import io.kulta.playground.FreeLoopbackPort;
import io.kulta.playground.MockKubernetes;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Start-up tells an API it cannot reach from one that answers, whatever the Rollouts it serves contain. */
class ClusterCheckTest {

    @Test
    void aRolloutTheModelCannotReadDoesNotMakeTheApiUnreachable() {
        try (MockKubernetes mock = new MockKubernetes()) {
            mock.installCrd(Path.of("deploy/crd.yaml"));
            GenericKubernetesResource garbled = Serialization.unmarshal("""
                    {"apiVersion": "kulta.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "garbled", "namespace": "default"},
                     "spec": {"replicas": "three", "strategy": {"canary": {"steps": "x", "someFutureField": 1}}}}
                    """, GenericKubernetesResource.class);
            mock.client().genericKubernetesResources(ResourceDefinitionContext.fromResourceType(Rollout.class))
                    .inNamespace("default").resource(garbled).create();

            assertThat(ClusterCheck.verify(mock.client(), "")).isEqualTo(new ClusterCheck.Result(true, "ok"));
            assertThat(ClusterCheck.verify(mock.client(), "default")).isEqualTo(new ClusterCheck.Result(true, "ok"));
        }
    }

    @Test
    void onlyAnApiThatDoesNotAnswerIsUnreachable() {
        String nobody = "http://127.0.0.1:" + FreeLoopbackPort.any();
        try (KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                        .withMasterUrl(nobody).build()).build()) {
            ClusterCheck.Result result = ClusterCheck.verify(client, "");

            assertThat(result.ok()).isFalse();
            assertThat(result.message()).startsWith("cannot reach a Kubernetes API server at " + nobody);
        }
    }

    @Test
    void anApiThatAnswersWithAnErrorIsNamedWithItsAnswer() {
        try (MockKubernetes mock = new MockKubernetes()) {
            mock.installCrd(Path.of("deploy/crd.yaml"));
            mock.failNext("GET", ".*/rollouts", 500, 1, "etcd is sad");

            ClusterCheck.Result result = ClusterCheck.verify(mock.client(), "");

            assertThat(result.ok()).isFalse();
            assertThat(result.message()).doesNotContain("cannot reach").contains("HTTP 500").contains("etcd is sad");
        }
    }
}
