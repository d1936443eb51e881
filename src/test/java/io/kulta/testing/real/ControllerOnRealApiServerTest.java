package io.kulta.testing.real;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.kulta.KultaApp;
import io.kulta.testing.ownership.OwnershipCheck;
import io.kulta.core.Annotations;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import io.kulta.playground.FreeLoopbackPort;
import io.kulta.playground.KubeletSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The controller, as user kulta-controller with exactly the rights of deploy/rbac.yaml, completes the canary of
 * examples/canary.yaml on a real API server: proof that the ClusterRole covers every verb the code uses.
 */
class ControllerOnRealApiServerTest {

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    private static long auditStart;
    private static String namespace;
    private static KubeletSimulator kubelet;
    private static KultaApp controller;

    @BeforeAll
    static void start() throws Exception {
        auditStart = api.auditLogEnd();
        namespace = api.createNamespace("shop");
        assertSucceeded(api.kubectl("apply", "-k", "deploy/"));   // as the README says: CRD, namespace, RBAC, Deployment
        // deploy/rbac.yaml binds the ServiceAccount; the test's controller authenticates as a user with the same role.
        assertSucceeded(api.kubectl("create", "clusterrolebinding", "kulta-controller-user",
                "--clusterrole=kulta-controller", "--user=kulta-controller"));
        assertSucceeded(api.kubectl("apply", "-n", namespace, "-f", "examples/canary.yaml"));
        assertSucceeded(api.kubectl("patch", "-n", namespace, "rollout", "kulta-demo", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/strategy/canary/steps/1/pause\",\"value\":{\"duration\":\"1s\"}},"
                        + "{\"op\":\"replace\",\"path\":\"/spec/strategy/canary/steps/2/pause\",\"value\":{\"duration\":\"1s\"}}]"));

        kubelet = new KubeletSimulator(api.adminClient());
        controller = KultaApp.create(api.clientFor("kulta-controller", namespace), false,
                Map.of("kulta.namespace", namespace, "kulta.resyncSeconds", "1", "kulta.retryBaseMillis", "50",
                        "kulta.httpPort", String.valueOf(FreeLoopbackPort.any())),
                Map.of()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (controller != null) {
            controller.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        OwnershipCheck.Result owned = api.ownership(auditStart, namespace, "kulta-controller-leader");
        System.out.println("ownership: " + owned.checked() + " controller writes checked in " + namespace + " (real API server), "
                + owned.violations().size() + " not the controller's");
        assertThat(owned.violations()).as("the controller's writes to what it does not own (issue 18 item 4)").isEmpty();
    }

    @Test
    void aNewImageIsRolledOutStepByStepWithTheRbacOfDeploy() {
        String v1 = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        assertThat(weights()).containsEntry("shop-stable", 100).containsEntry("shop-canary", 0);

        assertSucceeded(api.kubectl("patch", "-n", namespace, "rollout", "kulta-demo", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"ghcr.io/example/shop:2.0.0\"}]"));
        awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        });
        assertThat(weights()).containsEntry("shop-stable", 80).containsEntry("shop-canary", 20);

        assertSucceeded(api.kubectl("annotate", "-n", namespace, "rollout", "kulta-demo", Annotations.PROMOTE + "=true"));
        awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.stableRevision).isNotEqualTo(v1);
        });
        assertThat(weights()).containsEntry("shop-stable", 100).containsEntry("shop-canary", 0);
        assertThat(api.kubectl("get", "rollout", "-n", namespace, "kulta-demo", "--no-headers").out())
                .contains("Completed").contains(" 5 ");
        assertThat(api.adminClient().v1().events().inNamespace(namespace).list().getItems())
                .as("the controller may create Events").anyMatch(e -> "kulta-demo".equals(e.getInvolvedObject().getName()));
    }

    private static RolloutStatus awaitStatus(Consumer<RolloutStatus> check) {
        AtomicReference<RolloutStatus> seen = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Rollout rollout = api.adminClient().resources(Rollout.class).inNamespace(namespace).withName("kulta-demo").get();
            assertThat(rollout.getStatus()).isNotNull();
            check.accept(rollout.getStatus());
            seen.set(rollout.getStatus());
        });
        return seen.get();
    }

    private static Map<String, Integer> weights() {
        return api.adminClient().resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class)
                .inNamespace(namespace).withName("shop-route").get()
                .getSpec().getRules().get(0).getBackendRefs().stream()
                .collect(Collectors.toMap(HTTPBackendRef::getName, HTTPBackendRef::getWeight));
    }

    private static void assertSucceeded(KubectlResult result) {
        assertThat(result.succeeded()).as("%s", result).isTrue();
    }
}
