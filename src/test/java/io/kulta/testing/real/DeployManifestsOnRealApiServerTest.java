package io.kulta.testing.real;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kulta.playground.KubeBinaries;
import io.kulta.playground.LocalApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl apply -k deploy/} (and deploy/namespaced/, deploy/monitoring/) on a fresh real API server: everything is created in one
 * go, each object passes the server's schema with strict field validation, and reads back as written.
 */
class DeployManifestsOnRealApiServerTest {
    private static final String CONTROLLER_SA = "system:serviceaccount:%s:kulta-controller";

    @Test
    void theClusterInstallCreatesEverythingInOneGo() {
        List<HasMetadata> rendered = Kustomize.render(DeployManifestsTest.DEPLOY);
        try (LocalApiServer api = LocalApiServer.startEmpty(Kustomize.binaries(), RealKubernetes.LOG_DIR)) {
            KubectlResult apply = apply(api, "-k", DeployManifestsTest.DEPLOY);

            assertEveryObjectCreated(api, rendered, apply);
            Deployment controller = api.admin().apps().deployments().inNamespace("kulta-system")
                    .withName("kulta-controller").get();
            assertRunsAsDeployedController(controller, "kulta-system");
            assertMetricsServiceSelects(api.admin(), controller);
            String sa = CONTROLLER_SA.formatted("kulta-system");
            assertThat(canI(api, sa, "watch", "rollouts.kulta.io", "--all-namespaces")).isTrue();
            assertThat(canI(api, sa, "patch", "replicasets.apps", "--all-namespaces")).isTrue();
            assertThat(canI(api, sa, "update", "leases.coordination.k8s.io", "-n", "kulta-system")).isTrue();
            assertThat(canI(api, sa, "update", "leases.coordination.k8s.io", "-n", "default")).isFalse();
            assertThat(canI(api, sa, "delete", "services", "--all-namespaces")).isFalse();

            KubectlResult again = apply(api, "-k", DeployManifestsTest.DEPLOY);
            assertThat(again.out().lines()).as("%s", again).hasSize(rendered.size()).allMatch(l -> l.endsWith(" unchanged"));
        }
    }

    @Test
    void theNamespacedInstallCreatesEverythingInItsNamespaceAfterTheCrd() {
        List<HasMetadata> rendered = Kustomize.render(DeployManifestsTest.NAMESPACED);
        try (LocalApiServer api = LocalApiServer.startEmpty(Kustomize.binaries(), RealKubernetes.LOG_DIR)) {
            apply(api, "-f", Path.of("deploy/crd.yaml"));
            KubectlResult apply = apply(api, "-k", DeployManifestsTest.NAMESPACED);

            assertEveryObjectCreated(api, rendered, apply);
            Deployment controller = api.admin().apps().deployments().inNamespace("shop")
                    .withName("kulta-controller").get();
            assertRunsAsDeployedController(controller, "shop");
            assertThat(env(controller.getSpec().getTemplate().getSpec().getContainers().get(0)).get("KULTA_NAMESPACE"))
                    .isEqualTo("fieldRef:metadata.namespace");
            String sa = CONTROLLER_SA.formatted("shop");
            assertThat(canI(api, sa, "patch", "replicasets.apps", "-n", "shop")).isTrue();
            assertThat(canI(api, sa, "update", "leases.coordination.k8s.io", "-n", "shop")).isTrue();
            assertThat(canI(api, sa, "patch", "replicasets.apps", "-n", "default")).isFalse();
            assertThat(canI(api, sa, "watch", "rollouts.kulta.io", "--all-namespaces")).isFalse();
        }
    }

    @Test
    void theMonitoringExtrasApplyOnTheOperatorsCrds() {
        List<HasMetadata> rendered = Kustomize.render(Path.of("deploy/monitoring"));
        KubeBinaries binaries = Kustomize.binaries();
        try (LocalApiServer api = LocalApiServer.startEmpty(binaries, RealKubernetes.LOG_DIR)) {
            api.installCrd(binaries.monitoringCrd("servicemonitors"));
            api.installCrd(binaries.monitoringCrd("prometheusrules"));
            apply(api, "-k", DeployManifestsTest.DEPLOY);
            KubectlResult apply = apply(api, "-k", Path.of("deploy/monitoring"));

            assertEveryObjectCreated(api, rendered, apply);
        }
    }

    /** Applies as admin with the server's strict field validation: an unknown or misspelt field fails the apply. */
    private static KubectlResult apply(LocalApiServer api, String flag, Path path) {
        KubectlResult apply = KubectlResult.run(api, "", List.of("apply", "--validate=strict", flag, path.toString()));
        assertThat(apply.succeeded()).as("%s", apply).isTrue();
        return apply;
    }

    private static void assertEveryObjectCreated(LocalApiServer api, List<HasMetadata> rendered, KubectlResult apply) {
        assertThat(apply.out().lines()).as("%s", apply).hasSize(rendered.size()).allMatch(l -> l.endsWith(" created"));
        KubernetesClient admin = api.admin();
        assertThat(rendered).allSatisfy(object -> assertThat(admin.resource(object).get())
                .as("%s %s is on the server", object.getKind(), object.getMetadata().getName()).isNotNull());
    }

    private static void assertRunsAsDeployedController(Deployment deployment, String namespace) {
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo(namespace);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo("kulta-controller");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        Container container = pod.getContainers().get(0);
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(env(container)).containsEntry("KULTA_LEADER_ELECTION", "true")
                .containsEntry("POD_NAME", "fieldRef:metadata.name")
                .containsEntry("POD_NAMESPACE", "fieldRef:metadata.namespace")
                .containsEntry("KULTA_HTTP_PORT", "8080")
                .containsKey("KULTA_PROMETHEUS_ALLOWED");
        assertThat(env(container).get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
        assertThat(container.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(8080));
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));

        assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/tmp");
            assertThat(pod.getVolumes()).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo(mount.getName());
                assertThat(v.getEmptyDir()).isNotNull();
            });
        });
        assertThat(env(container).get("KULTA_OCCURRENCE_DIR")).startsWith("/tmp/");
    }

    private static void assertMetricsServiceSelects(KubernetesClient admin, Deployment deployment) {
        Service metrics = admin.services().inNamespace(deployment.getMetadata().getNamespace())
                .withName("kulta-controller-metrics").get();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(metrics.getSpec().getSelector());
        assertThat(metrics.getSpec().getPorts()).singleElement()
                .satisfies(port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo("http"));
    }

    /** Each env var's value, or {@code fieldRef:<path>} for one from the downward API. */
    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom() == null
                ? e.getValue() : "fieldRef:" + e.getValueFrom().getFieldRef().getFieldPath()));
    }

    private static boolean canI(LocalApiServer api, String user, String verb, String resource, String... scope) {
        List<String> args = new ArrayList<>(List.of("auth", "can-i", verb, resource, "--as=" + user));
        args.addAll(List.of(scope));
        KubectlResult answer = KubectlResult.run(api, "", args);
        assertThat(answer.out().trim()).as("%s", answer).isIn("yes", "no");
        return answer.out().trim().equals("yes");
    }
}
