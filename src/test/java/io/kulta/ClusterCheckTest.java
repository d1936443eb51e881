package io.kulta;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.Rollout;
import io.kulta.playground.FreeLoopbackPort;
import io.kulta.playground.MockKubernetes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

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
    void anApiThatKeepsAnsweringWithAnErrorIsNamedWithItsAnswer() {
        try (MockKubernetes mock = new MockKubernetes()) {
            mock.installCrd(Path.of("deploy/crd.yaml"));
            mock.failNext("GET", ".*/rollouts", 500, 1000, "etcd is sad");

            ClusterCheck.Result result = ClusterCheck.verify(mock.client(), "", Duration.ofSeconds(1));

            assertThat(result.ok()).isFalse();
            assertThat(result.message()).doesNotContain("cannot reach").contains("HTTP 500").contains("etcd is sad")
                    .endsWith("attempts in 1 s)");
        }
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {429, 503})
    void anApiThatIsBusyForAMomentIsAskedAgain(int status) {
        try (MockKubernetes mock = new MockKubernetes()) {
            mock.installCrd(Path.of("deploy/crd.yaml"));
            mock.failNext("GET", ".*/rollouts", status, 3, "the server is starting");
            mock.requests().reset();

            assertThat(ClusterCheck.verify(mock.client(), "default")).isEqualTo(new ClusterCheck.Result(true, "ok"));
            assertThat(mock.requests().entries()).as("three answered " + status + ", the fourth listed").hasSize(4);
        }
    }

    @Test
    void withoutTheCrdTheMessageSaysToInstallDeployCrdYaml() {
        try (MockKubernetes mock = withoutTheCrd()) {
            ClusterCheck.Result result = ClusterCheck.verify(mock.client(), "");

            assertThat(result.ok()).isFalse();
            assertThat(result.message()).contains("CRD (rollouts.kulta.io) is not installed on " + mock.url())
                    .contains("kubectl apply -f deploy/crd.yaml");
        }
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 403})
    void aRefusedListSaysToGrantDeployRbacYaml(int status) {
        try (MockKubernetes mock = new MockKubernetes()) {
            mock.installCrd(Path.of("deploy/crd.yaml"));
            mock.failNext("GET", ".*/rollouts", status, 5, "rollouts.kulta.io is forbidden: User \"someone\" cannot list resource \"rollouts\"");

            ClusterCheck.Result result = ClusterCheck.verify(mock.client(), "default");

            assertThat(result.ok()).isFalse();
            assertThat(result.message()).contains("refused to list Rollouts (HTTP " + status + ")").contains("deploy/rbac.yaml")
                    .doesNotContain("cannot reach", "crd.yaml");
        }
    }

    @Test
    void theControllerStartedWithoutTheCrdStopsWithThatLineAndWritesNothing() {
        try (MockKubernetes mock = withoutTheCrd()) {
            mock.requests().reset();
            var err = new java.io.ByteArrayOutputStream();

            var app = KultaMain.createIfClusterServes(mock.newClient("default"), java.util.Map.of(), new java.io.PrintStream(err, true));

            assertThat(app).isEmpty();
            assertThat(err.toString().lines().toList()).singleElement().asString()
                    .startsWith("kulta: the Rollout CRD (rollouts.kulta.io) is not installed").endsWith("kubectl apply -f deploy/crd.yaml");
            assertThat(mock.requests().entries()).as("the one list of the check, no write").singleElement()
                    .satisfies(e -> assertThat(e.method()).isEqualTo("GET"));
        }
    }

    /**
     * The mock serves any custom resource without its CRD; a real API server answers a list of an unknown resource
     * with this 404.
     */
    private static MockKubernetes withoutTheCrd() {
        MockKubernetes mock = new MockKubernetes();
        mock.failNext("GET", "/apis/kulta.io/v1alpha1/.*rollouts", 404, 5, "the server could not find the requested resource");
        return mock;
    }
}
