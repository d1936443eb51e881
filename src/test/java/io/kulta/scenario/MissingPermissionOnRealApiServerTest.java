package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.core.Conditions;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.testing.MutableClock;
import io.kulta.testing.real.ControllerRbac;
import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static io.kulta.scenario.ScenarioWaits.awaitReplicas;
import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/rbac.yaml's ClusterRole less one verb: the Rollout that needs it says so in its status with the API server's
 * message, the controller keeps running and serving the other Rollouts, and granting the verb lets it go on.
 */
class MissingPermissionOnRealApiServerTest {
    static final String ROLLOUT = "kulta-demo";
    static final String WITHOUT_ROUTE_PATCH = "kulta-controller-without-httproute-patch";

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    KultaCluster cluster;
    RunningController controller;

    @BeforeEach
    void startWithoutPatchOnHttpRoutes() throws Exception {
        ControllerRbac.bind(api, ControllerRbac.RESTRICTED_USER,
                ControllerRbac.without(ControllerRbac.deployRole(), "patch", "httproutes", WITHOUT_ROUTE_PATCH));
        cluster = KultaCluster.onRealApiServer(api, "rbac", ControllerRbac.RESTRICTED_USER);
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")),
                Map.of("kulta.retryMaxSeconds", "1"));
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
        api.adminClient().rbac().clusterRoleBindings().withName(WITHOUT_ROUTE_PATCH + "-" + ControllerRbac.RESTRICTED_USER).delete();
        api.adminClient().rbac().clusterRoleBindings().withName("kulta-controller-" + ControllerRbac.RESTRICTED_USER).delete();
    }

    @Test
    void withoutPatchOnHttpRoutesTheRolloutSaysForbiddenWhileOtherRolloutsGoOn() {
        cluster.apply(Path.of("examples/canary.yaml"));
        createRolloutWithoutTrafficRouting("plain");
        // the first deployment finds the route at stable 100 / canary 0 already: no patch needed
        String v1 = awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        awaitStatus(cluster, "plain", s -> assertThat(s.phase).isEqualTo(Phase.Completed));

        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, ROLLOUT, s -> assertThat(progressing(s.conditions)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Forbidden");
            assertThat(c.getMessage()).contains("cannot patch resource \"httproutes\"", "\"" + ControllerRbac.RESTRICTED_USER + "\"");
        }));
        assertThat(cluster.weights("shop-route", 0)).containsExactly(Map.entry("shop-stable", 100), Map.entry("shop-canary", 0));

        cluster.setImage("plain", "ghcr.io/example/shop:2.0.0");
        String plainV2 = awaitStatus(cluster, "plain", s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        }).canaryRevision;
        awaitReplicas(cluster, "plain", Map.of(plainV2, 1));
        assertThat(controller.context().getStatus().isStarted()).isTrue();

        // granted: the retried reconcile moves the weights and replaces the condition
        ControllerRbac.bind(api, ControllerRbac.RESTRICTED_USER, ControllerRbac.deployRole());
        var paused = awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
            assertThat(progressing(s.conditions).getReason()).isNotEqualTo("Forbidden");
        });
        assertThat(paused.stableRevision).isEqualTo(v1);
        assertThat(cluster.weights("shop-route", 0)).containsExactly(Map.entry("shop-stable", 80), Map.entry("shop-canary", 20));
    }

    private static Condition progressing(java.util.List<Condition> conditions) {
        return Conditions.find(conditions, Conditions.PROGRESSING).orElseThrow();
    }

    /** A second app, "plain", with its own Services and replica-based weights only. */
    private void createRolloutWithoutTrafficRouting(String name) {
        Rollout plain = Serialization.clone(cluster.rollout(ROLLOUT));
        plain.getMetadata().setName(name);
        plain.getMetadata().setResourceVersion(null);
        plain.getMetadata().setUid(null);
        plain.getMetadata().setCreationTimestamp(null);
        plain.getMetadata().setManagedFields(null);
        plain.setStatus(null);
        plain.getSpec().selector.setMatchLabels(Map.of("app", name));
        plain.getSpec().template.getMetadata().setLabels(Map.of("app", name));
        plain.getSpec().strategy.canary.stableService = name + "-stable";
        plain.getSpec().strategy.canary.canaryService = name + "-canary";
        plain.getSpec().strategy.canary.trafficRouting = null;
        cluster.create(plain);
        for (String service : new String[] {name + "-stable", name + "-canary"}) {
            cluster.create(new ServiceBuilder().withNewMetadata().withName(service).endMetadata()
                    .withNewSpec().addToSelector("app", name).addNewPort().withPort(80).endPort().endSpec().build());
        }
    }
}
