package io.kulta.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The documents of a YAML file, each with the line of every field path ("spec.strategy.canary.steps[0].setWeight"). */
final class YamlDocuments {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record Document(JsonNode tree, Map<String, Integer> lines, int line) {
        /** The line of the path, or of its nearest parent that is in the file (a missing field is reported at its parent). */
        int lineOf(String path) {
            String p = path;
            while (!p.isEmpty()) {
                Integer l = lines.get(p);
                if (l != null) return l;
                int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
                p = cut < 0 ? "" : p.substring(0, cut);
            }
            return line;
        }
    }

    private YamlDocuments() {
    }

    /** @throws IOException with the line of a syntax error in its location */
    static List<Document> parse(String text) throws IOException {
        List<Document> documents = new ArrayList<>();
        try (JsonParser p = YAML.createParser(text)) {
            while (p.nextToken() != null) {
                Map<String, Integer> lines = new HashMap<>();
                int line = p.currentTokenLocation().getLineNr();
                JsonNode tree = read(p, "", lines);
                if (!tree.isNull() && !tree.isMissingNode()) documents.add(new Document(tree, lines, line));
            }
        }
        return documents;
    }

    private static JsonNode read(JsonParser p, String path, Map<String, Integer> lines) throws IOException {
        JsonToken token = p.currentToken();
        if (!path.isEmpty()) lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
        if (token == JsonToken.START_OBJECT) {
            ObjectNode object = YAML.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                String fieldPath = path.isEmpty() ? field : path + "." + field;
                lines.put(fieldPath, p.currentTokenLocation().getLineNr());
                p.nextToken();
                object.set(field, read(p, fieldPath, lines));
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            ArrayNode array = YAML.createArrayNode();
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) array.add(read(p, path + "[" + i++ + "]", lines));
            return array;
        }
        var nodes = YAML.getNodeFactory();
        return switch (token) {
            case VALUE_NULL -> nodes.nullNode();
            case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> nodes.numberNode(p.getIntValue());
                case LONG -> nodes.numberNode(p.getLongValue());
                default -> nodes.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
            default -> nodes.textNode(p.getText());
        };
    }
}
