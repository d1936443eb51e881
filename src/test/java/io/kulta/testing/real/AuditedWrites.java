package io.kulta.testing.real;

import com.fasterxml.jackson.databind.JsonNode;
import io.kulta.playground.WriteLog.Write;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-apiserver's audit events of writes (level RequestResponse) as the writes {@code OwnershipCheck} judges on the mock
 * tier: method, path, User-Agent, status, what was sent, and the stored object before and after.
 * <ul>
 *   <li>after a successful write: its responseObject (none after a delete that removed the object);</li>
 *   <li>before it: the after of the previous successful write to the same object. Every writer goes through this one
 *       API server (there is no controller-manager on this tier, so no garbage collector or namespace controller), and
 *       the versions of an object are ordered by resourceVersion, the order etcd stored them in, whatever order the
 *       answers reached the log;</li>
 *   <li>a refused write changed nothing: neither before nor after, so it is judged by what it was addressed to.</li>
 * </ul>
 * A successful write whose answer is not the object (a level below RequestResponse, a subresource other than status)
 * leaves the next write's before unknown (null), as on an object never seen.
 */
public final class AuditedWrites {
    private static final Map<String, String> METHODS = Map.of("create", "POST", "update", "PUT", "patch", "PATCH",
            "delete", "DELETE", "deletecollection", "DELETE");
    private static final long UNKNOWN = Long.MAX_VALUE;

    /** One stored version of an object: what a successful write left, in the order etcd stored them. */
    private record Version(String object, long resourceVersion, int position, JsonNode stored) {
    }

    private AuditedWrites() {
    }

    /** @param events audit events (ResponseComplete), in the order of the log */
    public static List<Write> from(List<JsonNode> events) {
        Map<String, List<Version>> versions = new HashMap<>();
        Map<Integer, Version> versionOf = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            if (!succeeded(event)) continue;
            for (Version v : versionsLeftBy(event, i)) {
                versions.computeIfAbsent(v.object(), k -> new ArrayList<>()).add(v);
                if (v.object().equals(objectOf(event))) versionOf.put(i, v);
            }
        }
        Map<Version, JsonNode> previous = new IdentityHashMap<>();
        for (List<Version> history : versions.values()) {
            int unknownFrom = history.stream().filter(v -> v.resourceVersion() == UNKNOWN).mapToInt(Version::position).min()
                    .orElse(Integer.MAX_VALUE);
            history.sort(Comparator.comparingLong(Version::resourceVersion).thenComparingInt(Version::position));
            for (int i = 1; i < history.size(); i++)
                if (history.get(i).position() < unknownFrom) previous.put(history.get(i), history.get(i - 1).stored());
        }
        List<Write> writes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            Version v = versionOf.get(i);
            writes.add(write(event, v == null ? null : previous.get(v), v == null ? null : v.stored()));
        }
        return writes;
    }

    private static Write write(JsonNode event, JsonNode before, JsonNode after) {
        String uri = event.path("requestURI").asText();
        int q = uri.indexOf('?');
        String verb = event.path("verb").asText();
        JsonNode sent = event.get("requestObject");
        return new Write(METHODS.getOrDefault(verb, verb.toUpperCase(java.util.Locale.ROOT)), q < 0 ? uri : uri.substring(0, q),
                q < 0 ? "" : uri.substring(q + 1), event.path("userAgent").asText(), code(event),
                sent == null ? "" : sent.toString(), json(before), json(after));
    }

    /** The versions a successful write left: the object answered, none of a removed one, each item a collection delete removed. */
    private static List<Version> versionsLeftBy(JsonNode event, int position) {
        JsonNode answer = event.get("responseObject");
        String verb = event.path("verb").asText();
        if (verb.equals("deletecollection")) {
            List<Version> removed = new ArrayList<>();
            if (answer != null)
                for (JsonNode item : answer.path("items"))
                    removed.add(new Version(key(event, item.path("metadata").path("name").asText()), resourceVersion(item), position, null));
            return removed;
        }
        String subresource = event.path("objectRef").path("subresource").asText();
        boolean isTheObject = answer != null && !answer.path("kind").asText().equals("Status")
                && (subresource.isEmpty() || subresource.equals("status"));
        long rv = isTheObject ? resourceVersion(answer) : UNKNOWN;
        if (verb.equals("delete")) return List.of(new Version(objectOf(event), rv, position, isTheObject && stillStored(answer) ? answer : null));
        return List.of(new Version(objectOf(event), rv, position, isTheObject ? answer : null));
    }

    /** A delete of an object with finalizers only marks it: it stays stored until they are removed. */
    private static boolean stillStored(JsonNode deleted) {
        JsonNode metadata = deleted.path("metadata");
        return metadata.hasNonNull("deletionTimestamp") && metadata.path("finalizers").size() > 0;
    }

    /** apiGroup/resource/namespace/name; a create names its object in what it answered (or sent). */
    private static String objectOf(JsonNode event) {
        String name = event.path("objectRef").path("name").asText();
        if (name.isEmpty()) name = event.path("responseObject").path("metadata").path("name").asText();
        if (name.isEmpty()) name = event.path("requestObject").path("metadata").path("name").asText();
        return key(event, name);
    }

    private static String key(JsonNode event, String name) {
        JsonNode ref = event.path("objectRef");
        return ref.path("apiGroup").asText() + "/" + ref.path("resource").asText() + "/" + ref.path("namespace").asText() + "/" + name;
    }

    private static long resourceVersion(JsonNode object) {
        try {
            return Long.parseLong(object.path("metadata").path("resourceVersion").asText());
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    private static boolean succeeded(JsonNode event) {
        int code = code(event);
        return code >= 200 && code < 300;
    }

    private static int code(JsonNode event) {
        return event.path("responseStatus").path("code").asInt();
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }
}
