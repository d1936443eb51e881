package io.kulta.cli;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.core.Labels;
import io.kulta.core.RevisionHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code undo}: the template of an old revision, from its ReplicaSet as an API server stores it. */
class UndoTemplateTest {
    private static final String TEMPLATE = """
            {"metadata": {"labels": {"app": "shop"}},
             "spec": {"containers": [{"name": "shop", "image": "ghcr.io/example/shop:1.0.0", "ports": [{"containerPort": 8080}],
                                      "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}]}}""";

    /** The same template as kube-apiserver stores it in a ReplicaSet: the controller's labels and the server's defaults. */
    private static final String STORED = """
            {"metadata": {"labels": {"app": "shop", "pod-template-hash": "%s", "rollouts.kulta.io/rollout": "shop", "rollouts.kulta.io/managed": "true"}},
             "spec": {"containers": [{"name": "shop", "image": "ghcr.io/example/shop:1.0.0",
                                      "ports": [{"containerPort": 8080, "protocol": "TCP"}],
                                      "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080, "scheme": "HTTP"},
                                                         "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
                                      "resources": {}, "terminationMessagePath": "/dev/termination-log",
                                      "terminationMessagePolicy": "File", "imagePullPolicy": "IfNotPresent"}],
                      "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
                      "securityContext": {}, "schedulerName": "default-scheduler"}}""";

    @Test
    void theServersDefaultsAndTheControllersLabelsComeOffSoTheRevisionComesBackUnderItsOwnHash() {
        String revision = RevisionHash.of(Serialization.unmarshal(TEMPLATE, PodTemplateSpec.class));

        PodTemplateSpec back = TemplateCommands.Undo.templateOf(replicaSet(revision, STORED.formatted(revision)));

        assertThat(RevisionHash.of(back)).isEqualTo(revision);
        assertThat(back.getMetadata().getLabels()).containsOnlyKeys("app");
    }

    @Test
    void aTemplateThatSetsADefaultItselfIsTakenAsStoredWhenThatIsWhatHashesToTheRevision() {
        String withPolicy = TEMPLATE.replace("\"image\": \"ghcr.io/example/shop:1.0.0\"",
                "\"image\": \"ghcr.io/example/shop:1.0.0\", \"imagePullPolicy\": \"IfNotPresent\"");
        String revision = RevisionHash.of(Serialization.unmarshal(withPolicy, PodTemplateSpec.class));
        String stored = withPolicy.replace("\"app\": \"shop\"", "\"app\": \"shop\", \"pod-template-hash\": \"" + revision + "\"");

        PodTemplateSpec back = TemplateCommands.Undo.templateOf(replicaSet(revision, stored));

        assertThat(RevisionHash.of(back)).isEqualTo(revision);
        assertThat(back.getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"nginx, Always", "nginx:latest, Always", "nginx:1.27, IfNotPresent", "registry:5000/shop, Always",
            "registry:5000/shop:2.0, IfNotPresent", "shop@sha256:abc, IfNotPresent"})
    void kubernetesPullPolicyDefaultDependsOnTheTag(String image, String policy) {
        assertThat(ServerDefaults.defaultPullPolicy(image)).isEqualTo(policy);
    }

    private static ReplicaSet replicaSet(String revision, String template) {
        return new ReplicaSetBuilder().withNewMetadata().withName("shop-" + revision).addToLabels(Labels.POD_TEMPLATE_HASH, revision).endMetadata()
                .withNewSpec().withTemplate(Serialization.unmarshal(template, PodTemplateSpec.class)).endSpec().build();
    }
}
