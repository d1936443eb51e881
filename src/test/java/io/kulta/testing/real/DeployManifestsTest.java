package io.kulta.testing.real;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What deploy/ renders to with kustomize, checked without an API server (DeployManifestsOnRealApiServerTest applies it). */
class DeployManifestsTest {
    static final Path DEPLOY = Path.of("deploy");
    static final Path NAMESPACED = DEPLOY.resolve("namespaced");
    private static final Path ROUTES = Path.of("routes");
    private static final Path ROUTES_COPY = DEPLOY.resolve("controller/routes");

    private static List<HasMetadata> cluster;
    private static List<HasMetadata> namespaced;

    @BeforeAll
    static void render() {
        cluster = Kustomize.render(DEPLOY);
        namespaced = Kustomize.render(NAMESPACED);
    }

    @Test
    void theRoutesConfigMapIsACopyOfRoutes() throws IOException {
        assertThat(yamlFiles(ROUTES_COPY)).as("deploy/controller/routes/ holds routes/*.yaml, byte for byte")
                .isEqualTo(yamlFiles(ROUTES));
        ConfigMap routes = mountedRoutes(controller(cluster), cluster);
        assertThat(routes.getData()).as("the ConfigMap the controller mounts").isEqualTo(yamlFiles(ROUTES));
    }

    @Test
    void theNamespacedRoleGrantsTheClusterRoleAndTheLeaseRuleInItsNamespaceOnly() {
        List<PolicyRule> expected = new ArrayList<>(
                Kustomize.find(cluster, ClusterRole.class, "kulta-controller").orElseThrow().getRules());
        expected.addAll(Kustomize.find(cluster, Role.class, "kulta-controller-leader-election").orElseThrow().getRules());

        Role role = Kustomize.find(namespaced, Role.class, "kulta-controller").orElseThrow();

        assertThat(role.getRules()).isEqualTo(expected);
        assertThat(namespaced).as("nothing cluster-scoped: no ClusterRole, binding or CRD")
                .extracting(HasMetadata::getKind).doesNotContain("ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition");
        assertThat(namespaced).allSatisfy(o -> assertThat(o.getKind().equals("Namespace")
                ? o.getMetadata().getName() : o.getMetadata().getNamespace()).as("%s", o.getFullResourceName()).isEqualTo("shop"));
        assertThat(controller(namespaced).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("KULTA_NAMESPACE");
                    assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
                });
        assertThat(controller(cluster).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .noneSatisfy(env -> assertThat(env.getName()).isEqualTo("KULTA_NAMESPACE"));
    }

    @Test
    void theDeploymentRunsTheImageThePomBuilds() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>kulta</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(pom).contains("<image>kulta:${project.version}</image>");

        assertThat(controller(cluster).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("kulta:" + version.group(1));
    }

    static Deployment controller(List<HasMetadata> objects) {
        return Kustomize.find(objects, Deployment.class, "kulta-controller").orElseThrow();
    }

    /** The ConfigMap behind the volume mounted at KULTA_ROUTES_DIR. */
    static ConfigMap mountedRoutes(Deployment deployment, List<HasMetadata> objects) {
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        String routesDir = container.getEnv().stream().filter(e -> e.getName().equals("KULTA_ROUTES_DIR"))
                .findFirst().orElseThrow().getValue();
        String volume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(routesDir))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + routesDir)).getName();
        String configMap = pod.getVolumes().stream().filter(v -> v.getName().equals(volume)).map(Volume::getConfigMap)
                .findFirst().orElseThrow().getName();
        return Kustomize.find(objects, ConfigMap.class, configMap)
                .orElseThrow(() -> new AssertionError("no ConfigMap " + configMap + " is rendered"));
    }

    private static Map<String, String> yamlFiles(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.filter(f -> f.getFileName().toString().endsWith(".yaml")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }
        return files;
    }
}
