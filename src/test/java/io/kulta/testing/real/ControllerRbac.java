package io.kulta.testing.real;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The controller's rights on the real tier: deploy/rbac.yaml's ClusterRole (or a trimmed copy) bound to a test user. */
public final class ControllerRbac {
    public static final String USER = "kulta-controller";
    public static final String RESTRICTED_USER = "kulta-restricted";
    static final Path DEPLOY_RBAC = Path.of("deploy/rbac.yaml");

    private ControllerRbac() {
    }

    /** The ClusterRole of deploy/rbac.yaml, as shipped. */
    public static ClusterRole deployRole() {
        String yaml;
        try {
            yaml = Files.readString(DEPLOY_RBAC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String document : yaml.split("(?m)^---$")) {
            if (Serialization.unmarshal(document) instanceof ClusterRole role) return role;
        }
        throw new IllegalStateException(DEPLOY_RBAC + " has no ClusterRole");
    }

    /**
     * Every namespaced Role of deploy/rbac.yaml (the Lease's), created in {@code namespace} instead of its own and bound
     * there to the user: on the real tier each test's namespace stands in for kulta-system.
     */
    public static void bindNamespacedRoles(RealKubernetes api, String user, String namespace) {
        String yaml;
        try {
            yaml = Files.readString(DEPLOY_RBAC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int bound = 0;
        var admin = api.adminClient();
        for (String document : yaml.split("(?m)^---$")) {
            if (!(Serialization.unmarshal(document) instanceof io.fabric8.kubernetes.api.model.rbac.Role role)) continue;
            role.getMetadata().setNamespace(namespace);
            role.getMetadata().setResourceVersion(null);
            admin.rbac().roles().inNamespace(namespace).resource(role).createOr(NonDeletingOperation::update);
            admin.rbac().roleBindings().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                    .withNewMetadata().withName(role.getMetadata().getName() + "-" + user).withNamespace(namespace).endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(role.getMetadata().getName()).endRoleRef()
                    .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject()
                    .build()).createOr(NonDeletingOperation::update);
            bound++;
        }
        if (bound == 0) throw new IllegalStateException(DEPLOY_RBAC + " has no Role (the Lease's rights)");
    }

    /** A copy of the role named {@code name}, without this verb on this resource (e.g. "patch", "httproutes"). */
    public static ClusterRole without(ClusterRole role, String verb, String resource, String name) {
        List<PolicyRule> rules = new ArrayList<>();
        for (PolicyRule rule : role.getRules()) {
            PolicyRule copy = new PolicyRuleBuilder(rule).build();
            if (copy.getResources().contains(resource)) {
                copy.setVerbs(copy.getVerbs().stream().filter(v -> !v.equals(verb)).toList());
            }
            rules.add(copy);
        }
        return new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata()
                .withRules(rules).build();
    }

    /** Creates or replaces the role and a ClusterRoleBinding of it to the user (idempotent: test classes share a server). */
    public static void bind(RealKubernetes api, String user, ClusterRole role) {
        var admin = api.adminClient();
        admin.rbac().clusterRoles().resource(role).createOr(NonDeletingOperation::update);
        ClusterRoleBinding binding = new ClusterRoleBindingBuilder()
                .withNewMetadata().withName(role.getMetadata().getName() + "-" + user).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName(role.getMetadata().getName()).endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(user).endSubject()
                .build();
        admin.rbac().clusterRoleBindings().resource(binding).createOr(NonDeletingOperation::update);
    }
}
