package io.kulta.playground;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KubeconfigTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "https={0}")
    @ValueSource(booleans = {true, false})
    void freshClientConfiguredOnlyByTheKubeconfigWorks(boolean https) throws Exception {
        try (MockKubernetes kube = new MockKubernetes(https)) {
            Path file = kube.writeKubeconfig(dir.resolve("kubeconfig"), "kulta-demo");
            assertThat(Files.readString(file)).contains(kube.url());

            String previous = System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, file.toString());
            try (KubernetesClient other = new KubernetesClientBuilder().build()) {
                assertThat(other.getConfiguration().getMasterUrl()).startsWith(kube.url());
                assertThat(other.getNamespace()).isEqualTo("kulta-demo");
                assertThat(other.getKubernetesVersion().getGitVersion()).isEqualTo("v1.31.0");

                List<String> seen = new CopyOnWriteArrayList<>();
                try (Watch ignored = other.configMaps().watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap cm) {
                        seen.add(action + " " + cm.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
                    other.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata()
                            .addToData("k", "v").build()).create();
                    await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("ADDED cm"));
                }
            } finally {
                restore(previous);
            }
            assertThat(kube.client().configMaps().inNamespace("kulta-demo").withName("cm").get()).isNotNull();
        }
    }

    @ParameterizedTest(name = "https={0}")
    @ValueSource(booleans = {true, false})
    void configFromKubeconfigWorks(boolean https) throws Exception {
        try (MockKubernetes kube = new MockKubernetes(https)) {
            Path file = kube.writeKubeconfig(dir.resolve("kubeconfig"), "ns1");
            Config config = Config.fromKubeconfig(Files.readString(file));
            try (KubernetesClient other = new KubernetesClientBuilder().withConfig(config).build()) {
                other.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().build())
                        .create();
                assertThat(kube.client().configMaps().inNamespace("ns1").list().getItems()).hasSize(1);
            }
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        } else {
            System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, previous);
        }
    }
}
