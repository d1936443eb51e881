package io.kulta.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourceScale;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.Durations;
import io.kulta.model.Rollout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * deploy/crd.yaml is the generated CRD as assembled by {@link CrdAssembler}. After changing io.kulta.model, regenerate it:
 * <pre>./mvnw -B -q test -Dtest=CrdTest -Dkulta.updateCrd=true</pre>
 */
class CrdTest {
    private static CustomResourceDefinition committed;
    private static JsonNode schema;

    @BeforeAll
    static void loadCommittedCrd() throws IOException {
        if (Boolean.getBoolean("kulta.updateCrd")) {
            Files.createDirectories(CrdAssembler.COMMITTED.getParent());
            Files.writeString(CrdAssembler.COMMITTED, CrdAssembler.toYaml(CrdAssembler.assemble(CrdAssembler.generated())));
        }
        try (InputStream in = Files.newInputStream(CrdAssembler.COMMITTED)) {
            committed = Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
        schema = Serialization.jsonMapper().valueToTree(version().getSchema().getOpenAPIV3Schema());
    }

    @Test
    void committedCrdIsTheGeneratedOneAssembled() {
        JsonNode expected = Serialization.jsonMapper().valueToTree(CrdAssembler.assemble(CrdAssembler.generated()));
        List<String> differences = new ArrayList<>();
        diff("", expected, Serialization.jsonMapper().valueToTree(committed), differences);
        assertThat(differences)
                .as("%s differs from the CRD generated from io.kulta.model; regenerate it with: %s",
                        CrdAssembler.COMMITTED, CrdAssembler.REGENERATE_COMMAND)
                .isEmpty();
    }

    @Test
    void namesAndVersion() {
        assertThat(committed.getMetadata().getName()).isEqualTo("rollouts.kulta.io");
        assertThat(committed.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(committed.getSpec().getNames().getKind()).isEqualTo("Rollout");
        assertThat(committed.getSpec().getNames().getShortNames()).containsExactly("ro");
        assertThat(committed.getSpec().getVersions()).singleElement()
                .satisfies(v -> assertThat(v.getServed() && v.getStorage()).isTrue());
    }

    @Test
    void printerColumnsInKultaOrder() {
        assertThat(version().getAdditionalPrinterColumns())
                .extracting(CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath,
                        CustomResourceColumnDefinition::getType)
                .containsExactly(
                        tuple("Desired", ".spec.replicas", "integer"),
                        tuple("Current", ".status.replicas", "integer"),
                        tuple("Ready", ".status.readyReplicas", "integer"),
                        tuple("Phase", ".status.phase", "string"),
                        tuple("Step", ".status.currentStepIndex", "integer"),
                        tuple("Weight", ".status.currentWeight", "integer"),
                        tuple("Age", ".metadata.creationTimestamp", "date"));
    }

    @Test
    void statusAndScaleSubresources() {
        assertThat(version().getSubresources().getStatus()).isNotNull();
        CustomResourceSubresourceScale scale = version().getSubresources().getScale();
        assertThat(scale.getSpecReplicasPath()).isEqualTo(".spec.replicas");
        assertThat(scale.getStatusReplicasPath()).isEqualTo(".status.replicas");
        assertThat(scale.getLabelSelectorPath()).isEqualTo(".status.selector");
        assertThat(schema.at("/properties/status/properties/selector/type").asText()).isEqualTo("string");
    }

    @Test
    void specIsRequiredWithItsRequiredFields() {
        assertThat(texts(schema.get("required"))).containsExactly("spec");
        assertThat(texts(schema.at("/properties/spec/required"))).containsExactlyInAnyOrder("selector", "template", "strategy");
        assertThat(texts(schema.at("/properties/spec/properties/strategy/properties/canary/required")))
                .containsExactlyInAnyOrder("stableService", "canaryService", "steps");
    }

    @Test
    void exactlyOneStrategyRule() {
        JsonNode rules = schema.at("/properties/spec/properties/strategy/x-kubernetes-validations");
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).get("rule").asText()).isEqualTo(
                "[has(self.simple), has(self.canary), has(self.blueGreen), has(self.abTesting)].filter(x, x).size() == 1");
        assertThat(rules.get(0).get("message").asText()).isNotBlank();
    }

    @Test
    void rangesAndPatterns() {
        JsonNode step = schema.at("/properties/spec/properties/strategy/properties/canary/properties/steps/items/properties");
        assertThat(step.at("/setWeight/type").asText()).isEqualTo("integer");
        assertThat(step.at("/setWeight/minimum").asDouble()).isEqualTo(0);
        assertThat(step.at("/setWeight/maximum").asDouble()).isEqualTo(100);
        assertThat(step.at("/pause/properties/duration/pattern").asText()).isEqualTo(Durations.PATTERN);
        JsonNode replicas = schema.at("/properties/spec/properties/replicas");
        assertThat(replicas.get("type").asText()).isEqualTo("integer");
        assertThat(replicas.get("minimum").asDouble()).isEqualTo(0);
    }

    @Test
    void templateIsKeptAsWritten() {
        JsonNode template = schema.at("/properties/spec/properties/template");
        assertThat(template.get("type").asText()).isEqualTo("object");
        assertThat(template.get("x-kubernetes-preserve-unknown-fields").asBoolean()).isTrue();
        assertThat(template.has("properties")).isFalse();
    }

    @Test
    void conditionsHaveTheFieldsOfMetav1Condition() {
        JsonNode condition = schema.at("/properties/status/properties/conditions/items/properties");
        assertThat(fieldNames(condition)).containsExactlyInAnyOrder(
                "type", "status", "observedGeneration", "lastTransitionTime", "reason", "message");
    }

    /** The rules an API server applies to a CRD schema that the generator could break; see checkStructural. */
    @Test
    void schemaIsStructural() {
        List<String> problems = new ArrayList<>();
        checkStructural(schema, "openAPIV3Schema", false, problems);
        assertThat(problems).isEmpty();
    }

    private static final JsonNode INT_OR_STRING_ANY_OF = new com.fasterxml.jackson.databind.ObjectMapper()
            .createArrayNode().add(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "integer"))
            .add(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "string"));

    private static void checkStructural(JsonNode s, String path, boolean belowPreserveUnknown, List<String> problems) {
        boolean preserveUnknown = s.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        String type = s.path("type").asText("");
        // x-kubernetes-int-or-string: no type, and only the anyOf of integer and string (as IntOrString generates)
        boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean();
        if (intOrString && !INT_OR_STRING_ANY_OF.equals(s.get("anyOf"))) {
            problems.add(path + ": x-kubernetes-int-or-string with an anyOf other than integer | string");
        }
        if (type.isEmpty() && !preserveUnknown && !intOrString) {
            problems.add(path + ": no type");
        }
        if ("array".equals(type) && !s.has("items")) {
            problems.add(path + ": array without items");
        }
        if (s.has("properties") && s.has("additionalProperties")) {
            problems.add(path + ": both properties and additionalProperties");
        }
        if (s.has("default") && (belowPreserveUnknown || s.get("default").isNull())) {
            problems.add(path + ": default below x-kubernetes-preserve-unknown-fields or null");
        }
        for (JsonNode value : s.path("enum")) {
            if (value.isNull()) {
                problems.add(path + ": null in enum");
            }
        }
        for (JsonNode rule : s.path("x-kubernetes-validations")) {
            if (rule.path("rule").asText().isBlank()) {
                problems.add(path + ": blank x-kubernetes-validations rule");
            }
        }
        for (String composition : List.of("allOf", "anyOf", "oneOf", "not")) {
            if (s.has(composition) && !(intOrString && composition.equals("anyOf"))) {
                problems.add(path + ": " + composition + " is not checked here");
            }
        }
        boolean below = belowPreserveUnknown || preserveUnknown;
        for (Iterator<String> names = s.path("properties").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            checkStructural(s.get("properties").get(name), path + ".properties." + name, below, problems);
        }
        if (s.has("items")) {
            checkStructural(s.get("items"), path + ".items", below, problems);
        }
        if (s.path("additionalProperties").isObject()) {
            checkStructural(s.get("additionalProperties"), path + ".additionalProperties", below, problems);
        }
    }

    private static void diff(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (differences.size() >= 10 || expected.equals(actual)) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> names = new TreeSet<>(fieldNames(expected));
            names.addAll(fieldNames(actual));
            for (String name : names) {
                diff(path + "/" + name, expected.path(name), actual.path(name), differences);
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                diff(path + "/" + i, expected.get(i), actual.get(i), differences);
            }
        } else {
            differences.add(path + ": generated " + expected + ", committed " + actual);
        }
    }

    private static CustomResourceDefinitionVersion version() {
        return committed.getSpec().getVersions().stream()
                .filter(v -> v.getName().equals(Rollout.VERSION))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
