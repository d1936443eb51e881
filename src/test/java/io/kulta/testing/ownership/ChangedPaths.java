package io.kulta.testing.ownership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The leaf paths at which two JSON documents differ, e.g. {@code spec.selector["pod-template-hash"]} or
 * {@code spec.rules[1].backendRefs[0].weight}. Objects and arrays are compared member by member; an absent member and an
 * empty object or array are the same (neither holds a value).
 */
public final class ChangedPaths {
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ChangedPaths() {
    }

    public static List<String> between(JsonNode before, JsonNode after) {
        List<String> out = new ArrayList<>();
        diff(orMissing(before), orMissing(after), "", out);
        return out;
    }

    private static void diff(JsonNode a, JsonNode b, String path, List<String> out) {
        if (absent(a) && absent(b)) return;
        if (isContainer(a, b, JsonNode::isObject)) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) diff(a.path(key), b.path(key), member(path, key), out);
        } else if (isContainer(a, b, JsonNode::isArray)) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) diff(a.path(i), b.path(i), path + "[" + i + "]", out);
        } else if (!a.equals(b)) {
            out.add(path.isEmpty() ? "." : path);
        }
    }

    /** Both of this kind, or one of this kind and the other absent. */
    private static boolean isContainer(JsonNode a, JsonNode b, java.util.function.Predicate<JsonNode> kind) {
        return kind.test(a) && (kind.test(b) || absent(b)) || kind.test(b) && absent(a);
    }

    private static boolean absent(JsonNode n) {
        return n.isMissingNode() || n.isNull();
    }

    private static String member(String path, String key) {
        if (PLAIN_KEY.matcher(key).matches()) return path.isEmpty() ? key : path + "." + key;
        return path + "[\"" + key + "\"]";
    }

    private static JsonNode orMissing(JsonNode n) {
        return n == null ? MissingNode.getInstance() : n;
    }
}
