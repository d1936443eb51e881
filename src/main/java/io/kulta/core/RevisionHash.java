package io.kulta.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The revision of a pod template: FNV-32a of its canonical JSON (keys sorted, nulls and empty
 * containers dropped), written with Kubernetes' safe alphabet like a {@code pod-template-hash}.
 */
public final class RevisionHash {
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private RevisionHash() {
    }

    public static String of(PodTemplateSpec template) {
        JsonNode tree = CANONICAL.valueToTree(template);
        prune(tree);
        try {
            byte[] json = CANONICAL.writeValueAsString(sortedCopy(tree)).getBytes(StandardCharsets.UTF_8);
            return safeEncode(Integer.toUnsignedString(fnv32a(json)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("pod template cannot be serialised", e);
        }
    }

    static int fnv32a(byte[] data) {
        int hash = 0x811c9dc5;
        for (byte b : data) {
            hash ^= (b & 0xff);
            hash *= 0x01000193;
        }
        return hash;
    }

    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) out.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
        return out.toString();
    }

    private static boolean prune(JsonNode node) {
        if (node == null || node.isNull()) return true;
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) if (prune(it.next().getValue())) it.remove();
            return node.isEmpty();
        }
        if (node.isArray()) {
            node.forEach(RevisionHash::prune);
            return node.isEmpty();
        }
        return false;
    }

    private static JsonNode sortedCopy(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = CANONICAL.createObjectNode();
            java.util.TreeMap<String, JsonNode> fields = new java.util.TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), sortedCopy(e.getValue())));
            fields.forEach(sorted::set);
            return sorted;
        }
        if (node.isArray()) {
            var array = CANONICAL.createArrayNode();
            node.forEach(n -> array.add(sortedCopy(n)));
            return array;
        }
        return node;
    }
}
