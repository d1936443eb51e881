package io.kulta.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.core.SpecValidator;
import io.kulta.crd.SchemaValidator;
import io.kulta.model.Rollout;

import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks manifests offline as the cluster and the controller would: each Rollout against the CRD schema of
 * deploy/crd.yaml (as bundled in the jar) and the controller's own SpecValidator; every document for apiVersion, kind
 * and metadata.name. Each problem is "FILE:LINE: KIND NAME: field.path: what is wrong".
 */
final class Linter {
    private static final String CRD_RESOURCE = "/kulta-deploy/crd.yaml";
    /** Unknown fields are the schema's to report; the controller's checks still run on the rest. */
    private static final com.fasterxml.jackson.databind.ObjectMapper LENIENT = Serialization.jsonMapper().copy()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final SchemaValidator schema;

    Linter() {
        try (InputStream in = Linter.class.getResourceAsStream(CRD_RESOURCE)) {
            if (in == null) throw new IllegalStateException("the jar has no " + CRD_RESOURCE);
            schema = SchemaValidator.forCrd(Serialization.unmarshal(in, CustomResourceDefinition.class), Rollout.VERSION);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problems of one file's text, each with the file name and line; empty when it is valid. */
    List<String> lint(String file, String text) {
        List<YamlDocuments.Document> documents;
        try {
            documents = YamlDocuments.parse(text);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null)
                return List.of(file + ":" + (yaml.getProblemMark().getLine() + 1) + ": invalid YAML: " + yaml.getProblem());
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            return List.of(file + ":" + line + ": invalid YAML: " + e.getOriginalMessage().replace('\n', ' '));
        } catch (IOException e) {
            return List.of(file + ": cannot read: " + e.getMessage());
        }
        if (documents.isEmpty()) return List.of(file + ":1: no Kubernetes objects in the file");
        List<String> problems = new ArrayList<>();
        for (YamlDocuments.Document doc : documents) {
            JsonNode tree = doc.tree();
            String kind = tree.path("kind").asText("");
            String name = tree.path("metadata").path("name").asText("");
            String what = (kind.isEmpty() ? "object" : kind) + (name.isEmpty() ? "" : " " + name);
            Set<String> found = new LinkedHashSet<>();
            if (!tree.isObject()) {
                found.add("<root>: must be a mapping (a Kubernetes object)");
            } else {
                if (tree.path("apiVersion").asText("").isEmpty()) found.add("apiVersion: required");
                if (kind.isEmpty()) found.add("kind: required");
                if (name.isEmpty()) found.add("metadata.name: required");
                if (kind.equals("Rollout") && tree.path("apiVersion").asText("").startsWith(Rollout.GROUP + "/")) rollout(tree, found);
            }
            for (String problem : found) {
                problems.add(file + ":" + doc.lineOf(path(problem)) + ": " + what + ": " + problem);
            }
        }
        return problems;
    }

    /** The schema's problems and the controller's; where both name a path, the controller's (it says more). */
    private void rollout(JsonNode tree, Set<String> found) {
        List<String> fromSchema = schema.validate(tree);
        List<String> fromController;
        try {
            fromController = SpecValidator.validate(LENIENT.treeToValue(tree, Rollout.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            fromController = List.of(); // a shape the model cannot hold: the schema has said where
        }
        Set<String> controllerPaths = new java.util.HashSet<>(fromController.stream().map(Linter::path).toList());
        fromSchema.stream().filter(p -> !controllerPaths.contains(path(p))).forEach(found::add);
        found.addAll(fromController);
    }

    private static String path(String problem) {
        return problem.substring(0, problem.indexOf(": "));
    }
}
