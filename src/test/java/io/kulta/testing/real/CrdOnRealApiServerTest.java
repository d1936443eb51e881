package io.kulta.testing.real;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.kulta.model.Rollout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/crd.yaml and the examples as a real kube-apiserver (and kubectl) take them. */
class CrdOnRealApiServerTest {

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    private static String namespace;

    /** A valid canary Rollout; each rejection test breaks it in one place. */
    private static final String CANARY = """
            apiVersion: kulta.io/v1alpha1
            kind: Rollout
            metadata:
              name: NAME
            spec:
              replicas: 3
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - {name: web, image: "web:1"}
              strategy:
                canary:
                  stableService: web-stable
                  canaryService: web-canary
                  steps:
                  - setWeight: 20
                    pause: {duration: 30s}
            """;

    @BeforeAll
    static void createNamespace() {
        namespace = api.createNamespace("crd");
    }

    @Test
    void theRolloutCrdInstallsAndIsServed() {
        KubectlResult apply = api.kubectl("apply", "-f", "deploy/crd.yaml");
        assertThat(apply.succeeded()).as("%s", apply).isTrue();

        CustomResourceDefinition crd = api.adminClient().apiextensions().v1().customResourceDefinitions()
                .withName("rollouts.kulta.io").get();
        assertThat(crd.getStatus().getAcceptedNames().getShortNames()).containsExactly("ro");
        KubectlResult resources = api.kubectl("api-resources", "--api-group=kulta.io", "-o", "name");
        assertThat(resources.out().trim()).as("%s", resources).isEqualTo("rollouts.kulta.io");
    }

    @Test
    void theCanaryExampleApplies() {
        KubectlResult apply = api.kubectl("apply", "-n", namespace, "-f", "examples/canary.yaml");

        assertThat(apply.succeeded()).as("%s", apply).isTrue();
        assertThat(apply.out()).contains("rollout.kulta.io/kulta-demo created", "service/shop-stable created",
                "service/shop-canary created", "httproute.gateway.networking.k8s.io/shop-route created");
        Rollout demo = api.adminClient().resources(Rollout.class).inNamespace(namespace).withName("kulta-demo").get();
        assertThat(demo.getSpec().strategy.canary.steps).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an integer | 1
            a string   | '"1"'
            a percent  | '"25%"'
            """)
    void maxSurgeAndMaxUnavailableTakeAnIntegerOrAString(String name, String value) {
        String yaml = CANARY.replace("NAME", "surge-" + name.replace(' ', '-'))
                .replace("  replicas: 3", "  replicas: 3\n  maxSurge: " + value + "\n  maxUnavailable: " + value);

        KubectlResult apply = api.kubectlWithStdin(yaml, "apply", "-n", namespace, "-f", "-");

        assertThat(apply.succeeded()).as("%s", apply).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            setWeight 150    | 'setWeight: 20'            | 'setWeight: 150'              | spec.strategy.canary.steps[0].setWeight: Invalid value: 150
            two strategies   | '  strategy:'              | '  strategy:\\n    simple: {}' | spec.strategy: Invalid value: "object": exactly one of simple, canary, blueGreen, abTesting must be set
            pause 5x         | 'duration: 30s'            | 'duration: 5x'                | spec.strategy.canary.steps[0].pause.duration: Invalid value: "5x"
            no stableService | 'stableService: web-stable' | 'port: 80'                   | spec.strategy.canary.stableService: Required value
            maxSurge abc     | '  replicas: 3'            | '  replicas: 3\n  maxSurge: abc' | spec.maxSurge: Invalid value: "": must be an integer ≥ 0 or a percentage from 0% to 100%
            maxSurge -1      | '  replicas: 3'            | '  replicas: 3\n  maxSurge: -1'  | spec.maxSurge: Invalid value: "": must be an integer ≥ 0 or a percentage from 0% to 100%
            """)
    void anInvalidRolloutIsRejectedAtApplyTimeNamingTheField(String name, String valid, String invalid, String message) {
        String rollout = name.replace(' ', '-').toLowerCase();
        String yaml = CANARY.replace("NAME", rollout)
                .replace(valid, invalid.replace("\\n", "\n"));
        assertThat(yaml).as("the test's edit applies").contains(invalid.replace("\\n", "\n"));

        KubectlResult apply = api.kubectlWithStdin(yaml, "apply", "-n", namespace, "-f", "-");

        assertThat(apply.succeeded()).as("%s", apply).isFalse();
        assertThat(apply.err()).contains("is invalid", message);
        assertThat(api.kubectl("get", "rollouts", "-n", namespace, "-o", "name").out()).doesNotContain(rollout);
    }

    @Test
    void getRolloutsShowsThePrinterColumnsInOrder() {
        KubectlResult apply = api.kubectlWithStdin(CANARY.replace("NAME", "columns"), "apply", "-n", namespace, "-f", "-");
        assertThat(apply.succeeded()).as("%s", apply).isTrue();

        KubectlResult get = api.kubectl("get", "rollouts", "-n", namespace, "columns");

        assertThat(get.succeeded()).as("%s", get).isTrue();
        List<String> lines = get.out().lines().toList();
        assertThat(Arrays.asList(lines.get(0).trim().split("\\s+")))
                .containsExactly("NAME", "DESIRED", "CURRENT", "READY", "PHASE", "STEP", "WEIGHT", "AGE");
        assertThat(lines.get(1)).startsWith("columns").contains(" 3 ");
    }
}
