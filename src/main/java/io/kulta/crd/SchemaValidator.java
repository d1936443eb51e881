package io.kulta.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an object against a CRD's openAPIV3Schema, hand-written for the keywords the Rollout CRD uses: type,
 * required, properties, additionalProperties, items, enum, minimum/maximum (also exclusive), minLength/maxLength,
 * minItems/maxItems, pattern, nullable, x-kubernetes-preserve-unknown-fields, and the two shapes of
 * x-kubernetes-validations rule the model declares (exactly one / at least one of some fields present).
 * A keyword or rule outside that subset throws instead of being ignored.
 * Unknown fields are errors, as with kubectl's default strict field validation; so are nulls on
 * non-nullable fields (the API server would silently drop them, e.g. turning {@code pause:} into no pause).
 */
public final class SchemaValidator {
    private static final Set<String> KEYWORDS = Set.of("type", "description", "properties", "required",
            "additionalProperties", "items", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minLength", "maxLength", "minItems", "maxItems", "pattern", "nullable", "default",
            "x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations", "x-kubernetes-int-or-string", "anyOf");
    private static final Set<String> ROOT_FIELDS_OF_THE_API_SERVER = Set.of("apiVersion", "kind", "metadata");
    private static final Pattern EXACTLY_ONE = Pattern.compile("\\[has\\(self\\.\\w+\\)(, has\\(self\\.\\w+\\))*]\\.filter\\(x, x\\)\\.size\\(\\) == 1");
    private static final Pattern STRING_MATCHES = Pattern.compile("string\\(self\\)\\.matches\\('(.*)'\\)");
    private static final Pattern AT_LEAST_ONE = Pattern.compile("has\\(self\\.\\w+\\)( \\|\\| has\\(self\\.\\w+\\))*");
    private static final Pattern HAS = Pattern.compile("has\\(self\\.(\\w+)\\)");

    private final JsonNode schema;

    public SchemaValidator(JsonNode openApiV3Schema) {
        this.schema = openApiV3Schema;
    }

    public static SchemaValidator forCrd(CustomResourceDefinition crd, String version) {
        return crd.getSpec().getVersions().stream()
                .filter(v -> v.getName().equals(version))
                .findFirst()
                .map(v -> new SchemaValidator(Serialization.jsonMapper().valueToTree(v.getSchema().getOpenAPIV3Schema())))
                .orElseThrow(() -> new IllegalArgumentException("CRD has no version " + version));
    }

    /** Problems as "field.path: what is wrong"; empty when the object is valid. */
    public List<String> validate(JsonNode object) {
        List<String> errors = new ArrayList<>();
        check(schema, object, "", errors);
        return errors;
    }

    private void check(JsonNode s, JsonNode value, String path, List<String> errors) {
        for (Iterator<String> keys = s.fieldNames(); keys.hasNext(); ) {
            String keyword = keys.next();
            if (!KEYWORDS.contains(keyword)) {
                throw new IllegalArgumentException("SchemaValidator does not support '" + keyword + "' (at " + display(path) + ")");
            }
        }
        if (value.isNull()) {
            if (!s.path("nullable").asBoolean()) {
                errors.add(display(path) + ": must not be null");
            }
            return;
        }
        if (s.path("x-kubernetes-int-or-string").asBoolean()) {   // its anyOf is exactly integer | string
            if (!value.isIntegralNumber() && !value.isTextual()) errors.add(display(path) + ": must be an integer or a string");
            else checkRules(s, value, path, errors);
            return;
        }
        if (s.has("anyOf")) {
            throw new IllegalArgumentException("SchemaValidator supports 'anyOf' only with x-kubernetes-int-or-string (at " + display(path) + ")");
        }
        String type = s.path("type").asText("");
        if (!hasType(value, type)) {
            errors.add(display(path) + ": must be of type " + type);
            return;
        }
        if (s.has("enum") && !contains(s.get("enum"), value)) {
            errors.add(display(path) + ": must be one of " + s.get("enum"));
        }
        switch (type) {
            case "object" -> checkObject(s, value, path, errors);
            case "array" -> checkArray(s, value, path, errors);
            case "string" -> checkString(s, value.asText(), path, errors);
            case "integer", "number" -> checkNumber(s, value, path, errors);
            default -> { }
        }
        checkRules(s, value, path, errors);
    }

    private void checkObject(JsonNode s, JsonNode value, String path, List<String> errors) {
        for (JsonNode required : s.path("required")) {
            if (!value.has(required.asText())) {
                errors.add(join(path, required.asText()) + ": required");
            }
        }
        JsonNode properties = s.path("properties");
        JsonNode additional = s.get("additionalProperties");
        boolean preserveUnknown = s.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String fieldPath = join(path, field.getKey());
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), fieldPath, errors);
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), fieldPath, errors);
            } else if (!preserveUnknown && !(additional != null && additional.asBoolean())
                    && !(path.isEmpty() && ROOT_FIELDS_OF_THE_API_SERVER.contains(field.getKey()))) {
                errors.add(fieldPath + ": unknown field");
            }
        }
    }

    private void checkArray(JsonNode s, JsonNode value, String path, List<String> errors) {
        if (s.has("minItems") && value.size() < s.get("minItems").asInt()) {
            errors.add(display(path) + ": must have at least " + s.get("minItems").asInt() + " items");
        }
        if (s.has("maxItems") && value.size() > s.get("maxItems").asInt()) {
            errors.add(display(path) + ": must have at most " + s.get("maxItems").asInt() + " items");
        }
        if (s.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(s.get("items"), value.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static void checkString(JsonNode s, String text, String path, List<String> errors) {
        int length = text.codePointCount(0, text.length());
        if (s.has("minLength") && length < s.get("minLength").asInt()) {
            errors.add(display(path) + ": must be at least " + s.get("minLength").asInt() + " characters long");
        }
        if (s.has("maxLength") && length > s.get("maxLength").asInt()) {
            errors.add(display(path) + ": must be at most " + s.get("maxLength").asInt() + " characters long");
        }
        // JSON Schema patterns are not implicitly anchored, hence find().
        if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(text).find()) {
            errors.add(display(path) + ": '" + text + "' must match " + s.get("pattern").asText());
        }
    }

    private static void checkNumber(JsonNode s, JsonNode value, String path, List<String> errors) {
        double number = value.asDouble();
        if (s.has("minimum")) {
            double min = s.get("minimum").asDouble();
            boolean exclusive = s.path("exclusiveMinimum").asBoolean();
            if (exclusive ? number <= min : number < min) {
                errors.add(display(path) + ": must be " + (exclusive ? "> " : ">= ") + min);
            }
        }
        if (s.has("maximum")) {
            double max = s.get("maximum").asDouble();
            boolean exclusive = s.path("exclusiveMaximum").asBoolean();
            if (exclusive ? number >= max : number > max) {
                errors.add(display(path) + ": must be " + (exclusive ? "< " : "<= ") + max);
            }
        }
    }

    private static void checkRules(JsonNode s, JsonNode value, String path, List<String> errors) {
        for (JsonNode validation : s.path("x-kubernetes-validations")) {
            String rule = validation.path("rule").asText();
            long present = HAS.matcher(rule).results().map(m -> m.group(1)).filter(value::has).count();
            boolean ok;
            var matches = STRING_MATCHES.matcher(rule);
            if (matches.matches()) {
                ok = Pattern.compile(matches.group(1)).matcher(value.asText()).find();   // CEL matches(): RE2, unanchored
            } else if (EXACTLY_ONE.matcher(rule).matches()) {
                ok = present == 1;
            } else if (AT_LEAST_ONE.matcher(rule).matches()) {
                ok = present >= 1;
            } else {
                throw new IllegalArgumentException("SchemaValidator cannot evaluate rule '" + rule + "' (at " + display(path) + ")");
            }
            if (!ok) {
                errors.add(display(path) + ": " + validation.path("message").asText(rule));
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "" -> true;
            default -> throw new IllegalArgumentException("unknown schema type " + type);
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String display(String path) {
        return path.isEmpty() ? "<root>" : path;
    }
}
