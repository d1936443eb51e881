package io.kulta.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.Rollout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Rollouts as JSON, not the model: to create and read ones the model cannot (or can no longer) read. */
final class RawRollouts {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceDefinitionContext ROLLOUTS = ResourceDefinitionContext.fromResourceType(Rollout.class);

    private RawRollouts() {
    }

    /** The Rollout of an examples/*.yaml file as a JSON tree, renamed. */
    static ObjectNode example(Path file, String name) {
        try {
            for (String doc : Files.readString(file).split("(?m)^---$")) {
                if (!doc.contains("kind: Rollout")) continue;
                JsonNode node = JSON.valueToTree(Serialization.unmarshal(doc, GenericKubernetesResource.class));
                if ("Rollout".equals(node.path("kind").asText())) {
                    ObjectNode rollout = (ObjectNode) node;
                    ((ObjectNode) rollout.get("metadata")).put("name", name);
                    return rollout;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no Rollout in " + file);
    }

    static void create(KubernetesClient client, String namespace, JsonNode rollout) {
        GenericKubernetesResource resource = Serialization.unmarshal(rollout.toString(), GenericKubernetesResource.class);
        resource.getMetadata().setNamespace(namespace);
        client.genericKubernetesResources(ROLLOUTS).inNamespace(namespace).resource(resource).create();
    }

    /** The Rollout as stored, or null. */
    static JsonNode get(KubernetesClient client, String namespace, String name) {
        GenericKubernetesResource r = client.genericKubernetesResources(ROLLOUTS).inNamespace(namespace).withName(name).get();
        return r == null ? null : JSON.valueToTree(r);
    }

    /** The status.conditions entry of this type, or a missing node. */
    static JsonNode condition(JsonNode rollout, String type) {
        for (JsonNode c : rollout.path("status").path("conditions"))
            if (type.equals(c.path("type").asText())) return c;
        return JSON.missingNode();
    }
}
