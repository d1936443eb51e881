package io.kulta.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A value the model cannot hold makes a Rollout unreadable, and the read names the field, what it must be and what it is. */
class RolloutReaderTest {
    static final String CANARY = """
            {"apiVersion": "kulta.io/v1alpha1", "kind": "Rollout", "metadata": {"name": "shop", "namespace": "ns", "resourceVersion": "1"},
             "spec": {"replicas": 5, "selector": {"matchLabels": {"app": "shop"}},
                      "template": {"metadata": {"labels": {"app": "shop"}}, "spec": {"containers": [{"name": "shop", "image": "shop:1"}]}},
                      "strategy": {"canary": {"stableService": "shop-stable", "canaryService": "shop-canary",
                                              "steps": [{"setWeight": 20}, {"pause": {"duration": "5m"}}],
                                              "trafficRouting": {"gatewayAPI": {"httpRoute": "shop-route"}},
                                              "analysis": {"failurePolicy": "Pause"}}}}}
            """;

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "/spec/replicas                          | \"three\"       | spec.replicas: must be an integer, got \"three\"",
            "/spec/replicas                          | 2.5             | spec.replicas: must be an integer, got 2.5",
            "/spec/replicas                          | 2147483648      | spec.replicas: must be an integer from -2147483648 to 2147483647",
            "/spec/strategy/canary/stableService     | 7               | spec.strategy.canary.stableService: must be a string, got 7",
            "/spec/strategy/canary/canaryService     | true            | spec.strategy.canary.canaryService: must be a string, got true",
            "/spec/strategy/blueGreen                | {\"activeService\": \"a\", \"previewService\": \"b\", \"autoPromotionEnabled\": 1} | spec.strategy.blueGreen.autoPromotionEnabled: must be true or false, got 1",
            "/spec/strategy/canary/steps             | \"x\"           | spec.strategy.canary.steps: must be a list, got \"x\"",
            "/spec/strategy/canary/trafficRouting    | \"shop-route\"  | spec.strategy.canary.trafficRouting: must be an object, got \"shop-route\"",
            "/spec/strategy/canary/steps/1/pause     | \"5m\"          | spec.strategy.canary.steps[1].pause: must be an object, got \"5m\"",
            "/spec/strategy/canary/analysis/failurePolicy | \"Retry\"  | spec.strategy.canary.analysis.failurePolicy: must be one of Pause, Continue, Rollback, got \"Retry\"",
            "/spec/template/spec/containers          | {}              | spec.template.spec.containers: must be a list, got an object",
    })
    void aValueOfTheWrongTypeIsNamed(String pointer, String json, String expected) throws Exception {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Serialization.jsonMapper().readTree(CANARY);
        var parent = (com.fasterxml.jackson.databind.node.ObjectNode) tree.at(pointer.substring(0, pointer.lastIndexOf('/')));
        if (parent == null) throw new IllegalStateException(pointer);
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (tree.at(pointer.substring(0, pointer.lastIndexOf('/'))).isArray()) throw new IllegalStateException(pointer);
        parent.set(last, Serialization.jsonMapper().readTree(json));

        RolloutReader.Read read = new RolloutReader().read(Serialization.unmarshal(tree.toString(), GenericKubernetesResource.class));

        assertThat(read.readable()).isFalse();
        assertThat(read.field() + ": " + read.problem()).startsWith(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"unknown fields | {\"someFutureField\": 1}", "a known value | {}"})
    void aRolloutTheModelCanHoldIsRead(String what, String extra) {
        String json = CANARY.replace("\"replicas\": 5,", "\"replicas\": 5, \"someFutureField\": " + extra + ",");
        RolloutReader.Read read = new RolloutReader().read(Serialization.unmarshal(json, GenericKubernetesResource.class));

        assertThat(read.readable()).isTrue();
        assertThat(read.rollout().getSpec().replicas).isEqualTo(5);
    }

    @org.junit.jupiter.api.Test
    void readLenientlyAnUnreadableRolloutKeepsEveryReadableNameAndSaysWhatItLeftOut() {
        String json = CANARY.replace("\"replicas\": 5", "\"replicas\": \"three\"")
                .replace("\"canaryService\": \"shop-canary\"", "\"canaryService\": 7");

        RolloutReader.Lenient lenient = new RolloutReader().readLeniently(Serialization.unmarshal(json, GenericKubernetesResource.class));

        assertThat(lenient.leftOut()).containsExactly("spec.replicas: must be an integer, got \"three\"",
                "spec.strategy.canary.canaryService: must be a string, got 7");
        assertThat(lenient.rollout().getMetadata().getName()).isEqualTo("shop");
        assertThat(lenient.rollout().getSpec().replicas).isNull();
        assertThat(lenient.rollout().getSpec().strategy.canary.stableService).isEqualTo("shop-stable");
        assertThat(lenient.rollout().getSpec().strategy.canary.canaryService).as("a number is no name").isNull();
        assertThat(lenient.rollout().getSpec().strategy.canary.trafficRouting.gatewayAPI.httpRoute).isEqualTo("shop-route");
    }

    @org.junit.jupiter.api.Test
    void readLenientlyAStrategyThatIsNoObjectNamesNothing() {
        String json = CANARY.replaceFirst("(?s)\"strategy\": \\{.*", "\"strategy\": \"canary\"}}");

        RolloutReader.Lenient lenient = new RolloutReader().readLeniently(Serialization.unmarshal(json, GenericKubernetesResource.class));

        assertThat(lenient.leftOut()).containsExactly("spec.strategy: must be an object, got \"canary\"");
        assertThat(lenient.rollout().getSpec().strategy.canary).isNull();
        assertThat(io.kulta.core.References.of(lenient.rollout()).services()).isEmpty();
    }
}
