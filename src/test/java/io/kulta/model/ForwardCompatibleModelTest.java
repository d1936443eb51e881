package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** A Rollout written for a newer CRD (fields this model does not know, at any depth) still reads, without them. */
class ForwardCompatibleModelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** fabric8's own mapper, as every client reads Rollouts with it. */
    static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"canary.yaml", "canary-analysis.yaml", "blue-green.yaml", "ab-testing.yaml", "simple.yaml"})
    void aFieldFromTheFutureInEveryObjectOfAnExampleIsIgnored(String example) throws IOException {
        ObjectNode rollout = exampleRollout(Path.of("examples", example));
        rollout.set("status", JSON.readTree(STATUS));
        Rollout plain = FABRIC8.convertValue(rollout, Rollout.class);
        int added = addEverywhere(rollout);

        Rollout read = FABRIC8.convertValue(rollout, Rollout.class);

        assertThat(added).isGreaterThan(5);
        assertThat(JSON.valueToTree(read).toString()).isEqualTo(JSON.valueToTree(plain).toString());
    }

    @Test
    void everyModelClassIgnoresUnknownFields() throws IOException {
        Path classes = Path.of("target/classes/io/kulta/model");
        try (Stream<Path> files = Files.list(classes)) {
            List<Class<?>> beans = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .<Class<?>>map(n -> load("io.kulta.model." + n.substring(0, n.length() - 6).replace('$', '.')))
                    .filter(c -> !c.isEnum() && !c.isInterface() && !c.isAnonymousClass()
                            && c != Durations.class && c != PreservedObject.class && c != Phase.class)
                    .toList();
            assertThat(beans).hasSizeGreaterThan(15);
            assertThat(beans).allSatisfy(c -> assertThat(c.getAnnotation(JsonIgnoreProperties.class))
                    .as(c.getName()).isNotNull().extracting(JsonIgnoreProperties::ignoreUnknown).isEqualTo(true));
        }
    }

    @Test
    void anUnknownTopLevelFieldIsIgnoredToo() {
        ObjectNode rollout = exampleRollout(Path.of("examples/canary.yaml"));
        rollout.putObject("someFutureSection").put("x", 1);
        assertThatCode(() -> FABRIC8.convertValue(rollout, Rollout.class)).doesNotThrowAnyException();
    }

    /** Adds someFutureField to every JSON object of KULTA's model (fabric8's types, which keep unknown fields, are left as they are). */
    private static int addEverywhere(JsonNode node) {
        int added = 0;
        if (node.isObject()) {
            var fields = new java.util.ArrayList<java.util.Map.Entry<String, JsonNode>>();
            node.fields().forEachRemaining(fields::add);
            for (var field : fields) if (!FABRIC8_TYPES.contains(field.getKey())) added += addEverywhere(field.getValue());
            ((ObjectNode) node).put("someFutureField", "from a newer CRD");
            added++;
        } else if (node.isArray()) {
            for (JsonNode child : node) added += addEverywhere(child);
        }
        return added;
    }

    private static final java.util.Set<String> FABRIC8_TYPES = java.util.Set.of("metadata", "selector", "template", "conditions");

    private static ObjectNode exampleRollout(Path file) {
        try {
            for (String doc : Files.readString(file).split("(?m)^---$")) {
                if (!doc.contains("kind: Rollout")) continue;
                return JSON.valueToTree(FABRIC8.unmarshal(doc, GenericKubernetesResource.class));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no Rollout in " + file);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name.replaceFirst("\\.([A-Z]\\w*)\\.([A-Z]\\w*)$", ".$1\\$$2"));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String STATUS = """
            {"observedGeneration": 2, "phase": "Paused", "currentStepIndex": 1, "currentWeight": 20,
             "stableRevision": "a1", "canaryRevision": "b2", "message": "step 1/3",
             "lastAnalysis": {"time": "2026-12-02T10:00:00Z", "verdict": "Pass",
                              "metrics": [{"name": "error-rate", "value": 0.5, "verdict": "Pass"}]},
             "abExperiment": {"startedAt": "2026-12-02T10:00:00Z", "sampleSizeA": 10, "sampleSizeB": 12,
                              "results": [{"name": "error-rate", "valueA": 0.1, "valueB": 0.05, "winner": "B"}]},
             "conditions": [{"type": "Valid", "status": "True", "reason": "SpecValid", "message": "spec is valid",
                             "lastTransitionTime": "2026-12-02T10:00:00Z"}]}
            """;
}
