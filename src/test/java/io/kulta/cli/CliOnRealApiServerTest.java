package io.kulta.cli;

import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.kulta.core.Annotations;
import io.kulta.core.RevisionHash;
import io.kulta.dashboard.DashboardHttp;
import io.kulta.dashboard.DashboardServer;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.scenario.KultaCluster;
import io.kulta.scenario.RunningController;
import io.kulta.scenario.ScenarioWaits;
import io.kulta.testing.MutableClock;
import io.kulta.testing.real.RealKubernetes;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verbs on a real kube-apiserver with RBAC on, as users with their own rights: one bound to a read-only Role, one
 * to a promote-only Role (get + patch on rollouts). Each may do what its Role allows and no more, and a refusal is one
 * line naming the verb, the resource and the fix — so the CLI works with the user's rights, never the controller's.
 */
class CliOnRealApiServerTest {
    static final String ROLLOUT = "kulta-demo";
    static final String READER = "cli-reader";
    static final String PROMOTER = "cli-promoter";

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    KultaCluster cluster;
    RunningController controller;

    @BeforeEach
    void start() throws Exception {
        cluster = KultaCluster.onRealApiServer(api, "cli");
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-12-02T10:00:00Z")), Map.of());
        bind(READER, List.of(
                new PolicyRuleBuilder().withApiGroups("kulta.io").withResources("rollouts").withVerbs("get", "list", "watch").build(),
                new PolicyRuleBuilder().withApiGroups("apps").withResources("replicasets").withVerbs("get", "list", "watch").build(),
                new PolicyRuleBuilder().withApiGroups("gateway.networking.k8s.io").withResources("httproutes").withVerbs("get", "list", "watch").build()));
        bind(PROMOTER, List.of(new PolicyRuleBuilder().withApiGroups("kulta.io").withResources("rollouts").withVerbs("get", "patch").build()));
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed));
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void aReadOnlyUserSeesTheTreeAndWaitsForStatusButCannotPromote() {
        CliRun tree = as(READER, "get", "rollout", ROLLOUT);
        assertThat(tree.code()).as(tree.err()).isEqualTo(Cli.OK);
        assertThat(tree.out()).contains("Rollout kulta-demo  canary  Completed").contains("rule 0: shop-stable 100, shop-canary 0");
        assertThat(as(READER, "get", "rollouts").out()).contains("kulta-demo");
        assertThat(as(READER, "status", ROLLOUT, "--timeout", "30s").code()).isEqualTo(Cli.OK);

        CliRun promote = as(READER, "promote", ROLLOUT);

        assertThat(promote.code()).isEqualTo(Cli.FAILED);
        assertThat(promote.err()).isEqualTo("kulta: you may not patch rollouts.kulta.io in namespace " + cluster.namespace()
                + " (HTTP 403 Forbidden); ask your cluster admin for a Role with 'patch' on rollouts.kulta.io (check with: kubectl auth can-i patch rollouts.kulta.io -n "
                + cluster.namespace() + ")\n");
        assertThat(cluster.rollout(ROLLOUT).getMetadata().getAnnotations()).doesNotContainKey(Annotations.PROMOTE);
        assertThat(as(READER, "set", "image", ROLLOUT, "shop=ghcr.io/example/shop:2.0.0").err()).contains("you may not patch rollouts.kulta.io");
    }

    @Test
    void aPromoteOnlyUserPromotesButCannotListAnything() {
        CliRun setImage = as("admin", "set", "image", ROLLOUT, "shop=ghcr.io/example/shop:2.0.0");
        assertThat(setImage.code()).as(setImage.err()).isEqualTo(Cli.OK);
        awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Paused));

        CliRun promote = as(PROMOTER, "promote", ROLLOUT);

        assertThat(promote.code()).as(promote.err()).isEqualTo(Cli.OK);
        awaitStatus(s -> assertThat(s.currentStepIndex).isEqualTo(1));
        CliRun list = as(PROMOTER, "get", "rollouts");
        assertThat(list.code()).isEqualTo(Cli.FAILED);
        assertThat(list.err()).startsWith("kulta: you may not list rollouts.kulta.io in namespace " + cluster.namespace() + " (HTTP 403 Forbidden)");
        CliRun tree = as(PROMOTER, "get", "rollout", ROLLOUT);
        assertThat(tree.code()).isEqualTo(Cli.FAILED);
        assertThat(tree.err()).startsWith("kulta: you may not list replicasets.apps in namespace ").endsWith(")\n");
        assertThat(as(PROMOTER, "status", ROLLOUT).err()).startsWith("kulta: you may not watch rollouts.kulta.io");
    }

    @Test
    void aReadOnlyUsersDashboardShowsTheRolloutButItsButtonsGetTheApisRefusal() throws Exception {
        try (var reader = KubeconfigClients.of(api.kubeconfig(), READER, cluster.namespace());
             DashboardServer dashboard = DashboardServer.start(reader, cluster.namespace(), 0)) {
            DashboardHttp http = new DashboardHttp(dashboard.url());
            assertThat(http.get("/api/rollouts").body()).contains("\"name\":\"kulta-demo\"", "\"phase\":\"Completed\"");
            assertThat(http.get("/api/rollouts/" + cluster.namespace() + "/" + ROLLOUT).body())
                    .as("its Role has no events: the page says so instead of failing")
                    .contains("you may not list events in namespace " + cluster.namespace() + " (HTTP 403 Forbidden)");

            var promote = http.post("/api/rollouts/" + cluster.namespace() + "/" + ROLLOUT + "/promote", http.origin(), "application/json");

            assertThat(promote.statusCode()).isEqualTo(403);
            assertThat(promote.body()).contains("you may not patch rollouts.kulta.io in namespace " + cluster.namespace());
            assertThat(cluster.rollout(ROLLOUT).getMetadata().getAnnotations()).doesNotContainKey(Annotations.PROMOTE);
        }
    }

    @Test
    void undoAndRestartEditTheTemplateOnARealServer() {
        String v1 = cluster.status(ROLLOUT).stableRevision;
        as("admin", "set", "image", ROLLOUT, "shop=ghcr.io/example/shop:2.0.0");
        awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Paused));
        as("admin", "promote", ROLLOUT, "--full");
        awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed));

        CliRun undo = as("admin", "undo", ROLLOUT);

        assertThat(undo.code()).as(undo.err()).isEqualTo(Cli.OK);
        assertThat(undo.out()).contains("rolled back to revision 1 (" + v1 + ", ghcr.io/example/shop:1.0.0)");
        assertThat(RevisionHash.of(cluster.rollout(ROLLOUT).getSpec().template))
                .as("the template v1 was hashed from, not the ReplicaSet's with the server's defaults").isEqualTo(v1);
        awaitStatus(s -> assertThat(s.canaryRevision).isEqualTo(v1));
        CliRun restart = as("admin", "restart", ROLLOUT);
        assertThat(restart.code()).as(restart.err()).isEqualTo(Cli.OK);
        assertThat(cluster.rollout(ROLLOUT).getSpec().template.getMetadata().getAnnotations()).containsKey(TemplateCommands.RESTARTED_AT);
    }

    /** The verb as the jar runs it: from the kubeconfig with one context per user, in this test's namespace. */
    private CliRun as(String user, String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[]{"--kubeconfig", api.kubeconfig().toString(), "--context", user, "-n", cluster.namespace()}, 0, all, args.length, 6);
        return CliRun.of(KubeconfigClients::of, all);
    }

    private void bind(String user, List<io.fabric8.kubernetes.api.model.rbac.PolicyRule> rules) {
        var admin = api.adminClient();
        String ns = cluster.namespace();
        admin.rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName(user).withNamespace(ns).endMetadata()
                .withRules(rules).build()).create();
        admin.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata().withName(user).withNamespace(ns).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(user).endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject().build()).create();
    }

    private RolloutStatus awaitStatus(ThrowingConsumer<RolloutStatus> check) {
        return ScenarioWaits.awaitStatus(cluster, ROLLOUT, check);
    }
}
