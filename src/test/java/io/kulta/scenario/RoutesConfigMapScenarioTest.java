package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kulta.model.Phase;
import io.kulta.testing.HttpSink;
import io.kulta.testing.JsonSchemas;
import io.kulta.testing.MutableClock;
import io.kulta.testing.real.Kustomize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The routes ConfigMap of deploy/, laid out the way the kubelet mounts a ConfigMap (each key a symlink into a
 * timestamped directory behind {@code ..data}), is where the controller loads its routes from: an edit to it is
 * what runs, and the hidden directories do not load the routes twice.
 */
class RoutesConfigMapScenarioTest {
    final KultaCluster cluster = new KultaCluster("shop", false);
    final HttpSink webhook = new HttpSink();
    RunningController controller;
    @TempDir
    Path mount;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        cluster.close();
        webhook.close();
    }

    @Test
    void theMountedRoutesConfigMapWithAnEditIsWhatRuns() throws Exception {
        var rendered = Kustomize.render(Path.of("deploy"));
        var pod = Kustomize.find(rendered, Deployment.class, "kulta-controller").orElseThrow().getSpec().getTemplate().getSpec();
        String configMapName = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null).findFirst().orElseThrow()
                .getConfigMap().getName();
        Map<String, String> data = new HashMap<>(Kustomize.find(rendered, ConfigMap.class, configMapName).orElseThrow().getData());
        data.put("notifications.yaml", Files.readString(Path.of("routes/notifications.yaml.example")));
        data.put("rollout-events.yaml", data.get("rollout-events.yaml").replace("- to: direct:kube-event", "- to: direct:notify-webhook"));
        mountLikeTheKubelet(data);

        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of(
                "kulta.routesDir", mount.toString(), "kulta.notifyWebhook", webhook.url("/hook")));
        cluster.apply(Path.of("examples/canary.yaml"));
        ScenarioWaits.awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(webhook.received().stream()
                .map(r -> JsonSchemas.parse(r.body()).path("reason").asText())).contains("Started", "Completed"));
        assertThat(cluster.eventReasons("kulta-demo")).as("Kubernetes Events, edited out of the fan-out").isEmpty();
    }

    private void mountLikeTheKubelet(Map<String, String> data) throws IOException {
        Path version = Files.createDirectory(mount.resolve("..2026_12_02_10_00_00.123456789"));
        for (var entry : data.entrySet()) {
            Files.writeString(version.resolve(entry.getKey()), entry.getValue());
        }
        Files.createSymbolicLink(mount.resolve("..data"), version.getFileName());
        for (String key : data.keySet()) {
            Files.createSymbolicLink(mount.resolve(key), Path.of("..data", key));
        }
    }
}
