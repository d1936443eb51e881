package io.kulta.kube;

import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutSpec;
import io.kulta.model.RolloutStrategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a Rollout as the API server stores it into the model, once per resourceVersion. Fields the model does not know
 * are ignored (see io.kulta.model); a value the model cannot hold (a string for an integer, a list for an object) makes
 * that one Rollout unreadable, and the read names the field, what it must be and what it is.
 */
public final class RolloutReader {
    private static final int SHOWN = 64;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_./-]{1,63}");

    /** Either the Rollout, or the field that could not be read (e.g. spec.replicas) and what is wrong with it. */
    public record Read(GenericKubernetesResource raw, Rollout rollout, String field, String problem) {
        public boolean readable() {
            return rollout != null;
        }
    }

    private record Memo(String resourceVersion, Read read) {
    }

    /**
     * An unreadable Rollout read leniently: the stored object without each field the model cannot hold, and those
     * fields with what is wrong with them. Null rollout when even that cannot be read.
     */
    public record Lenient(Rollout rollout, List<String> leftOut) {
    }

    /** At most this many fields are left out; a Rollout with more unreadable ones is not read at all. */
    private static final int MAX_LEFT_OUT = 20;

    private final KubernetesSerialization serialization;
    private final Map<String, Memo> reads = new ConcurrentHashMap<>();

    public RolloutReader() {
        ObjectMapper mapper = new ObjectMapper();
        // as the CRD's types: 2.5 replicas is no integer (Jackson would read 2), 7 or true is no Service name ("7", "true")
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        for (CoercionInputShape scalar : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean))
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);   // 1 is no true
        this.serialization = new KubernetesSerialization(mapper, true);
    }

    public Read read(GenericKubernetesResource raw) {
        String key = Cache.metaNamespaceKeyFunc(raw);
        String version = raw.getMetadata().getResourceVersion();
        Memo memo = reads.get(key);
        if (memo != null && version != null && version.equals(memo.resourceVersion())) return memo.read();
        Read read = convert(raw);
        reads.put(key, new Memo(version, read));
        return read;
    }

    /** As {@link #read}, leaving out every field the model cannot hold (for what can still be done: a cleanup). */
    public Lenient readLeniently(GenericKubernetesResource raw) {
        JsonNode tree = serialization.convertValue(raw, JsonNode.class);
        List<String> leftOut = new ArrayList<>();
        while (leftOut.size() <= MAX_LEFT_OUT) {
            try {
                return new Lenient(standIn(raw, serialization.convertValue(tree, Rollout.class)), List.copyOf(leftOut));
            } catch (RuntimeException e) {
                JsonMappingException mapping = cause(e, JsonMappingException.class);
                List<JsonMappingException.Reference> path = mapping == null ? List.of() : mapping.getPath();
                JsonNode parent = path.isEmpty() ? null : tree.at(pointer(path.subList(0, path.size() - 1)));
                JsonMappingException.Reference last = path.isEmpty() ? null : path.get(path.size() - 1);
                if (last == null || !(parent instanceof ObjectNode && last.getFieldName() != null
                        || parent instanceof ArrayNode && last.getFieldName() == null)) break;
                JsonNode found = tree.at(pointer(path));
                leftOut.add(field(path) + ": must be " + expected(mapping, found) + ", got " + shown(found));
                if (parent instanceof ObjectNode object) object.remove(last.getFieldName());
                else ((ArrayNode) parent).remove(last.getIndex());
            }
        }
        return new Lenient(null, List.copyOf(leftOut));
    }

    /** The stored metadata, and a spec and strategy even when they were left out (so they name nothing). */
    private static Rollout standIn(GenericKubernetesResource raw, Rollout read) {
        read.setMetadata(raw.getMetadata());
        if (read.getSpec() == null) read.setSpec(new RolloutSpec());
        if (read.getSpec().strategy == null) read.getSpec().strategy = new RolloutStrategy();
        return read;
    }

    public void forget(String key) {
        reads.remove(key);
    }

    private Read convert(GenericKubernetesResource raw) {
        try {
            return new Read(raw, serialization.convertValue(raw, Rollout.class), null, null);
        } catch (RuntimeException e) {
            JsonMappingException mapping = cause(e, JsonMappingException.class);
            if (mapping == null) return new Read(raw, null, "", "cannot be read: " + firstLine(e));
            List<JsonMappingException.Reference> path = mapping.getPath();
            JsonNode found = serialization.convertValue(raw, JsonNode.class).at(pointer(path));
            return new Read(raw, null, field(path), "must be " + expected(mapping, found) + ", got " + shown(found));
        }
    }

    /** spec.strategy.canary.steps[0].setWeight; a map key that is no plain name is quoted. */
    static String field(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() == null) out.append('[').append(r.getIndex()).append(']');
            else if (PLAIN_NAME.matcher(r.getFieldName()).matches()) out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            else out.append("[").append(quoted(r.getFieldName())).append("]");
        }
        return out.toString();
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        return path.stream().map(r -> "/" + (r.getFieldName() == null ? String.valueOf(r.getIndex())
                : r.getFieldName().replace("~", "~0").replace("/", "~1"))).collect(Collectors.joining());
    }

    private static String expected(JsonMappingException e, JsonNode found) {
        InputCoercionException coercion = cause(e, InputCoercionException.class);
        Class<?> type = coercion != null ? coercion.getTargetType() : e instanceof MismatchedInputException m ? m.getTargetType() : null;
        boolean tooBig = coercion != null || found != null && found.isIntegralNumber() && !found.canConvertToInt();
        if (tooBig && (type == Integer.class || type == int.class)) return "an integer from -2147483648 to 2147483647";
        if (tooBig) return "an integer of at most 64 bits";
        return type == null ? "of another type" : kind(type);
    }

    private static String kind(Class<?> type) {
        if (type == null) return "of another type";
        if (type == Integer.class || type == int.class) return "an integer";
        if (type == Long.class || type == long.class) return "an integer (64-bit)";
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "a string";
        if (type == IntOrString.class) return "an integer or a string";
        if (type.isEnum()) return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
        return "an object";
    }

    /** The value as JSON, cut to a few dozen characters: messages go into conditions, Events and log lines. */
    static String shown(JsonNode found) {
        if (found == null || found.isMissingNode()) return "nothing";
        if (found.isObject()) return "an object";
        if (found.isArray()) return "a list";
        if (found.isNull()) return "null";
        String json = found.toString();
        if (json.length() <= SHOWN) return json;
        return json.substring(0, SHOWN) + "…\" (" + (found.isTextual() ? found.asText().length() + " characters" : json.length() + " digits") + ")";
    }

    private static String quoted(String name) {
        String json = com.fasterxml.jackson.databind.node.TextNode.valueOf(name).toString();
        return json.length() <= SHOWN ? json : json.substring(0, SHOWN) + "…\"";
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String line = message.lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause())
            if (type.isInstance(t)) return type.cast(t);
        return null;
    }
}
