package io.kulta.testing.ownership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kulta.playground.WriteLog.Write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Issue 18 item 4: every write the controller (User-Agent {@code kulta/...}) made is to something it owns, and within
 * Services and HTTPRoutes only to the fields SPEC §3 lets it own.
 * <ul>
 *   <li>a Rollout: its status, the finalizer {@code kulta.io/cleanup}, and the removal of the steering annotations
 *       (promote, abort, retry, conclude-experiment); never its spec, never a create or a delete;</li>
 *   <li>a ReplicaSet whose controller ownerReference names a Rollout: create, scale ({@code spec.replicas}), delete;</li>
 *   <li>a Service a Rollout's strategy names: the selector's {@code pod-template-hash}, the removal of
 *       {@code rollouts.kulta.io/type}, and the annotation {@code rollouts.kulta.io/selected-since} (settle time);</li>
 *   <li>an HTTPRoute a Rollout's trafficRouting names: see {@link RouteOwnership};</li>
 *   <li>an Event (core/v1 or events.k8s.io/v1) about a Rollout, and the controller's Lease;</li>
 *   <li>anything else is a violation.</li>
 * </ul>
 * Field rules are checked on what the write changed in the stored object; kind rules also on writes the API refused.
 */
public final class OwnershipCheck {
    public static final String CONTROLLER_AGENT = "kulta/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STEERING = Set.of("kulta.io/promote", "rollouts.kulta.io/promote", "kulta.io/abort",
            "kulta.io/retry", "kulta.io/conclude-experiment");
    private static final String FINALIZER = "kulta.io/cleanup";
    private static final String KULTA_TYPE = "rollouts.kulta.io/type";
    private static final String SELECTED_SINCE = "rollouts.kulta.io/selected-since";

    /** @param checked how many of the controller's writes were checked */
    public record Result(int checked, List<String> violations) {
    }

    private final String leaseName;

    public OwnershipCheck(String leaseName) {
        this.leaseName = leaseName;
    }

    /**
     * @param writes   every write the API received, the test's own included (they tell what the Rollouts named)
     * @param rollouts the Rollouts stored now (JSON)
     */
    public Result check(List<Write> writes, Collection<String> rollouts) {
        RolloutNames names = new RolloutNames();
        rollouts.forEach(r -> names.add(parse(r)));
        for (Write w : writes) {
            if (!ApiPath.parse(w.path()).resource().equals("kulta.io/rollouts")) continue;
            for (String version : new String[]{w.before(), w.after()}) if (version != null) names.add(parse(version));
        }
        List<String> violations = new ArrayList<>();
        int checked = 0;
        for (Write w : writes) {
            if (!w.userAgent().startsWith(CONTROLLER_AGENT)) continue;
            checked++;
            String why = forbidden(w, names);
            if (why != null) violations.add(w.method() + " " + w.path() + " (" + w.userAgent() + ", HTTP " + w.status() + "): " + why);
        }
        return new Result(checked, violations);
    }

    /** Why the controller may not make this write, or null when it may. */
    private String forbidden(Write w, RolloutNames names) {
        ApiPath at = ApiPath.parse(w.path());
        JsonNode before = parse(w.before());
        JsonNode after = parse(w.after());
        JsonNode sent = w.method().equals("POST") ? parseOrNull(w.body()) : null;
        JsonNode object = before != null ? before : after != null ? after : sent;
        String name = !at.name().isEmpty() ? at.name() : object == null ? "" : object.path("metadata").path("name").asText();
        boolean update = w.method().equals("PUT") || w.method().equals("PATCH");
        return switch (at.resource()) {
            case "kulta.io/rollouts" -> !update ? "the controller never creates or deletes a Rollout"
                    : !names.isRollout(at.namespace(), name) ? "a Rollout never seen"
                    : paths(rolloutOwned(before, after), rolloutOwned(after, after));
            case "apps/replicasets" -> !ownedByRollout(object, at.namespace(), names) ? "a ReplicaSet no Rollout owns (controller ownerReference)"
                    : update ? paths(replicaSetOwned(before), replicaSetOwned(after)) : null;
            case "/services" -> !names.isService(at.namespace(), name) ? "a Service no Rollout names"
                    : !update ? "the controller never creates or deletes a Service"
                    : paths(serviceOwned(before, after), serviceOwned(after, after));
            case "gateway.networking.k8s.io/httproutes" -> !names.isRoute(at.namespace(), name) ? "an HTTPRoute no Rollout names"
                    : !update ? "the controller never creates or deletes an HTTPRoute"
                    : list(RouteOwnership.forbiddenChanges(before, after, names.servicesOfRoute(at.namespace(), name)));
            case "/events", "events.k8s.io/events" -> w.method().equals("DELETE") ? "the controller never deletes an Event"
                    : aboutRollout(object) ? null : "an Event about something other than a Rollout";
            case "coordination.k8s.io/leases" -> leaseName.equals(name) ? null : "a Lease other than " + leaseName;
            default -> "nothing of " + at.resource() + " is the controller's";
        };
    }

    private static String paths(JsonNode before, JsonNode after) {
        if (before == null || after == null) return null;   // refused, or changed nothing
        return list(ChangedPaths.between(before, after));
    }

    private static String list(List<String> paths) {
        return paths.isEmpty() ? null : "changed " + String.join(", ", paths);
    }

    /** A Rollout without what the controller may change: status, its finalizer, and steering annotations {@code after} lacks. */
    private static JsonNode rolloutOwned(JsonNode rollout, JsonNode after) {
        if (rollout == null || after == null) return null;
        ObjectNode o = withoutServerFields(rollout);
        o.remove("status");
        JsonNode finalizers = o.path("metadata").path("finalizers");
        if (finalizers.isArray()) {
            ArrayNode kept = JSON.createArrayNode();
            finalizers.forEach(f -> {
                if (!f.asText().equals(FINALIZER)) kept.add(f);
            });
            ((ObjectNode) o.get("metadata")).set("finalizers", kept);
        }
        for (String key : STEERING)
            if (!after.path("metadata").path("annotations").has(key)) removeAnnotation(o, key);
        return o;
    }

    private static JsonNode replicaSetOwned(JsonNode rs) {
        if (rs == null) return null;
        ObjectNode o = withoutServerFields(rs);
        if (o.path("spec").isObject()) ((ObjectNode) o.get("spec")).remove("replicas");
        return o;
    }

    /** A Service without the selector keys and the annotation the controller owns; {@code after} tells what it removed. */
    private static JsonNode serviceOwned(JsonNode service, JsonNode after) {
        if (service == null || after == null) return null;
        ObjectNode o = withoutServerFields(service);
        JsonNode selector = o.path("spec").path("selector");
        if (selector.isObject()) {
            ((ObjectNode) selector).remove("pod-template-hash");
            if (!after.path("spec").path("selector").has(KULTA_TYPE)) ((ObjectNode) selector).remove(KULTA_TYPE);
        }
        removeAnnotation(o, SELECTED_SINCE);
        return o;
    }

    private static boolean ownedByRollout(JsonNode rs, String namespace, RolloutNames names) {
        if (rs == null) return false;
        for (JsonNode ref : rs.path("metadata").path("ownerReferences"))
            if (ref.path("kind").asText().equals("Rollout") && ref.path("apiVersion").asText().startsWith("kulta.io/")
                    && ref.path("controller").asBoolean(false) && names.isRollout(namespace, ref.path("name").asText()))
                return true;
        return false;
    }

    private static boolean aboutRollout(JsonNode event) {
        if (event == null) return false;
        return event.path("involvedObject").path("kind").asText().equals("Rollout")
                || event.path("regarding").path("kind").asText().equals("Rollout");
    }

    /** A copy without what the API server itself changes on every write. */
    static ObjectNode withoutServerFields(JsonNode object) {
        ObjectNode o = object == null || !object.isObject() ? JSON.createObjectNode() : ((ObjectNode) object).deepCopy();
        if (o.path("metadata").isObject()) ((ObjectNode) o.get("metadata")).remove(List.of("resourceVersion", "generation", "managedFields"));
        return o;
    }

    static void removeAnnotation(ObjectNode object, String key) {
        JsonNode annotations = object.path("metadata").path("annotations");
        if (annotations.isObject()) ((ObjectNode) annotations).remove(key);
    }

    private static JsonNode parse(String json) {
        if (json == null) return null;
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parseOrNull(String json) {
        try {
            return json == null || json.isBlank() ? null : JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
