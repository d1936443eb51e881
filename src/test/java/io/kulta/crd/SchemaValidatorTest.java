package io.kulta.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.Rollout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written validator rejects what the API server would reject for the Rollout CRD. */
class SchemaValidatorTest {
    private static SchemaValidator validator;

    private static final String VALID = """
            apiVersion: kulta.io/v1alpha1
            kind: Rollout
            metadata: {name: demo, labels: {team: shop}}
            spec:
              replicas: 3
              selector: {matchLabels: {app: demo}}
              template:
                metadata: {labels: {app: demo}}
                spec: {containers: [{name: demo, image: demo:1}]}
              strategy:
                canary:
                  stableService: demo-stable
                  canaryService: demo-canary
                  steps:
                  - setWeight: 20
                    pause: {}
                  - setWeight: 100
            """;

    @BeforeAll
    static void loadCrd() throws IOException {
        try (InputStream in = Files.newInputStream(CrdAssembler.COMMITTED)) {
            validator = SchemaValidator.forCrd(Serialization.unmarshal(in, CustomResourceDefinition.class), Rollout.VERSION);
        }
    }

    @Test
    void acceptsAValidRollout() {
        assertThat(errorsAfter(rollout -> { })).isEmpty();
    }

    @Test
    void requiresSpecAndItsFields() {
        assertThat(errorsAfter(rollout -> rollout.remove("spec"))).containsExactly("spec: required");
        assertThat(errorsAfter(rollout -> spec(rollout).remove("template"))).containsExactly("spec.template: required");
        assertThat(errorsAfter(rollout -> canary(rollout).remove("stableService")))
                .containsExactly("spec.strategy.canary.stableService: required");
    }

    @Test
    void maxSurgeIsAnIntegerOrAString() {
        assertThat(errorsAfter(rollout -> spec(rollout).put("maxSurge", 1).put("maxUnavailable", "25%"))).isEmpty();
        assertThat(errorsAfter(rollout -> spec(rollout).put("maxSurge", "abc")))
                .containsExactly("spec.maxSurge: must be an integer ≥ 0 or a percentage from 0% to 100%");
        assertThat(errorsAfter(rollout -> spec(rollout).put("maxUnavailable", -1)))
                .containsExactly("spec.maxUnavailable: must be an integer ≥ 0 or a percentage from 0% to 100%");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101})
    void setWeightIsAPercentage(int weight) {
        assertThat(errorsAfter(rollout -> step(rollout, 0).put("setWeight", weight)))
                .singleElement().asString().startsWith("spec.strategy.canary.steps[0].setWeight: must be");
    }

    @Test
    void setWeightMustBeAnInteger() {
        assertThat(errorsAfter(rollout -> step(rollout, 0).put("setWeight", "20")))
                .containsExactly("spec.strategy.canary.steps[0].setWeight: must be of type integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "0s", "-1m", "1.5m", "", "30"})
    void pauseDurationFollowsThePattern(String duration) {
        assertThat(errorsAfter(rollout -> step(rollout, 0).putObject("pause").put("duration", duration)))
                .singleElement().asString().startsWith("spec.strategy.canary.steps[0].pause.duration: '" + duration + "' must match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/{{env:HOME}}", "http://user:pw@prometheus:9090", "prometheus:9090", "ftp://prometheus"})
    void aPrometheusAddressIsAPlainHttpUrl(String address) {
        assertThat(errorsAfter(rollout -> canary(rollout).putObject("analysis").putObject("prometheus").put("address", address)))
                .singleElement().asString().startsWith("spec.strategy.canary.analysis.prometheus.address: '" + address + "' must match");
        assertThat(errorsAfter(rollout -> canary(rollout).putObject("analysis").putObject("prometheus").put("address", "http://prometheus:9090")))
                .isEmpty();
    }

    @Test
    void exactlyOneStrategy() {
        String message = "spec.strategy: exactly one of simple, canary, blueGreen, abTesting must be set";
        assertThat(errorsAfter(rollout -> spec(rollout).with("strategy").putObject("simple"))).containsExactly(message);
        assertThat(errorsAfter(rollout -> spec(rollout).putObject("strategy"))).containsExactly(message);
    }

    @Test
    void stepsMayNotBeEmptyAndReplicasNotNegative() {
        assertThat(errorsAfter(rollout -> canary(rollout).putArray("steps")))
                .containsExactly("spec.strategy.canary.steps: must have at least 1 items");
        assertThat(errorsAfter(rollout -> spec(rollout).put("replicas", -1)))
                .containsExactly("spec.replicas: must be >= 0.0");
    }

    @Test
    void unknownAndNullFieldsAreErrors() {
        assertThat(errorsAfter(rollout -> step(rollout, 1).put("setWeigth", 50)))
                .containsExactly("spec.strategy.canary.steps[1].setWeigth: unknown field");
        assertThat(errorsAfter(rollout -> step(rollout, 1).putNull("pause")))
                .containsExactly("spec.strategy.canary.steps[1].pause: must not be null");
    }

    @Test
    void abTestingNeedsAMatchAndAConfidenceInRange() {
        ObjectNode abTesting = (ObjectNode) Serialization.jsonMapper().valueToTree(java.util.Map.of(
                "variantAService", "a", "variantBService", "b",
                "trafficRouting", java.util.Map.of("gatewayAPI", java.util.Map.of("httpRoute", "r")),
                "variantBMatch", java.util.Map.of(),
                "analysis", java.util.Map.of("confidenceLevel", 1.0)));
        assertThat(errorsAfter(rollout -> spec(rollout).putObject("strategy").set("abTesting", abTesting)))
                .containsExactlyInAnyOrder(
                        "spec.strategy.abTesting.variantBMatch: variantBMatch needs a header or a cookie",
                        "spec.strategy.abTesting.analysis.confidenceLevel: must be < 1.0");
    }

    private static java.util.List<String> errorsAfter(Consumer<ObjectNode> edit) {
        ObjectNode rollout = (ObjectNode) tree(VALID);
        edit.accept(rollout);
        return validator.validate(rollout);
    }

    private static JsonNode tree(String yaml) {
        return Serialization.jsonMapper().valueToTree(Serialization.unmarshal(yaml, java.util.Map.class));
    }

    private static ObjectNode spec(ObjectNode rollout) {
        return (ObjectNode) rollout.get("spec");
    }

    private static ObjectNode canary(ObjectNode rollout) {
        return (ObjectNode) rollout.at("/spec/strategy/canary");
    }

    private static ObjectNode step(ObjectNode rollout, int index) {
        return (ObjectNode) ((ArrayNode) canary(rollout).get("steps")).get(index);
    }
}
