package io.kulta.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Validation against the official CDEvents v0.4.1 schemas (src/test/resources/cdevents) and our FALSE schema. */
public final class JsonSchemas {
    private static final String CDEVENTS_BASE = "https://cdevents.dev/0.4.1/schema/";
    private static final Map<String, String> CDEVENT_FILES = Map.of(
            "dev.cdevents.service.deployed.0.2.0", "servicedeployed",
            "dev.cdevents.service.upgraded.0.2.0", "serviceupgraded",
            "dev.cdevents.service.published.0.2.0", "servicepublished",
            "dev.cdevents.service.rolledback.0.2.0", "servicerolledback",
            "dev.cdevents.service.removed.0.2.0", "serviceremoved");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mappings(iri -> iri.startsWith(CDEVENTS_BASE)
                    ? "classpath:cdevents/" + iri.substring(CDEVENTS_BASE.length()) + ".json" : null)));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private JsonSchemas() {
    }

    /** Violations of the CDEvent against the schema of its context.type; empty when valid. */
    public static Set<ValidationMessage> cdEvent(JsonNode event) {
        String file = CDEVENT_FILES.get(event.path("context").path("type").asText());
        if (file == null) throw new AssertionError("not a KULTA CDEvent type: " + event.path("context").path("type"));
        JsonSchema schema = FACTORY.getSchema(com.networknt.schema.SchemaLocation.of("classpath:cdevents/" + file + ".json"), CONFIG);
        return schema.validate(event);
    }

    public static Set<ValidationMessage> falseOccurrence(JsonNode occurrence) {
        try {
            JsonSchema schema = FACTORY.getSchema(Files.readString(Path.of("docs/false-occurrence.schema.json")), CONFIG);
            return schema.validate(occurrence);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
