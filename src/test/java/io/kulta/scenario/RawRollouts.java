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
        for (ObjectNode doc : documents(file)) {
            if (!"Rollout".equals(doc.path("kind").asText())) continue;
            ((ObjectNode) doc.get("metadata")).put("name", name);
            return doc;
        }
        throw new IllegalArgumentException("no Rollout in " + file);
    }

    /** Every document of a YAML file, as JSON trees. */
    static java.util.List<ObjectNode> documents(Path file) {
        try {
            java.util.List<ObjectNode> out = new java.util.ArrayList<>();
            for (String doc : Files.readString(file).split("(?m)^---$")) {
                if (doc.lines().noneMatch(l -> l.startsWith("kind:"))) continue;
                out.add(JSON.valueToTree(Serialization.unmarshal(doc, GenericKubernetesResource.class)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates any object given as JSON (a Service, an HTTPRoute, ...) in the namespace. */
    static void createObject(KubernetesClient client, String namespace, JsonNode object) {
        GenericKubernetesResource resource = Serialization.unmarshal(object.toString(), GenericKubernetesResource.class);
        resource.getMetadata().setNamespace(namespace);
        client.resource(resource).inNamespace(namespace).create();
    }

    /** Every Rollout of the namespace as stored, by name. */
    static java.util.Map<String, JsonNode> list(KubernetesClient client, String namespace) {
        java.util.Map<String, JsonNode> out = new java.util.HashMap<>();
        for (GenericKubernetesResource r : client.genericKubernetesResources(ROLLOUTS).inNamespace(namespace).list().getItems())
            out.put(r.getMetadata().getName(), JSON.valueToTree(r));
        return out;
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
