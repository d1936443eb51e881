package io.kulta.testing.ownership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What SPEC §3 lets the controller change in an HTTPRoute a Rollout names: the backendRefs of the rules that name the
 * Rollout's Services (weights; such a rule then sends only to those Services, each ref keeping its other fields, a
 * port only on a ref it adds), its own A/B rules (named {@code kulta-variant-b-*} / {@code kulta-takeover-*}, or when
 * unnamed recorded by their matches in {@code rollouts.kulta.io/managed-rules}), sending only to the Rollout's Services,
 * and that annotation. Everything else — other rules, matches, filters, hostnames, parentRefs, labels — stays as it was.
 */
final class RouteOwnership {
    static final String MANAGED_RULES = "rollouts.kulta.io/managed-rules";
    private static final Pattern MANAGED_NAME = Pattern.compile("kulta-(variant-b(-cookie)?|takeover)-[0-9]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RouteOwnership() {
    }

    /** The changed paths the controller may not make; rule indexes of user rules count without the controller's rules. */
    static List<String> forbiddenChanges(JsonNode before, JsonNode after, Set<String> services) {
        List<String> out = new ArrayList<>();
        ObjectNode b = OwnershipCheck.withoutServerFields(before);
        ObjectNode a = OwnershipCheck.withoutServerFields(after);
        ArrayNode userBefore = userRules(b, null);
        ArrayNode userAfter = userRules(a, (i, rule) -> {
            JsonNode refs = rule.path("backendRefs");
            for (int j = 0; j < refs.size(); j++)
                if (!isOneOf(refs.get(j), services)) out.add("spec.rules[" + i + "].backendRefs[" + j + "] (a KULTA rule sending elsewhere)");
        });
        if (userBefore.size() != userAfter.size()) {
            out.add("spec.rules (" + userBefore.size() + " user rules before, " + userAfter.size() + " after)");
        } else {
            for (int i = 0; i < userBefore.size(); i++)
                weightedRefs((ObjectNode) userBefore.get(i), (ObjectNode) userAfter.get(i), services, "spec.rules[" + i + "]", out);
            if (b.path("spec").isObject()) ((ObjectNode) b.get("spec")).set("rules", userBefore);
            if (a.path("spec").isObject()) ((ObjectNode) a.get("spec")).set("rules", userAfter);
        }
        OwnershipCheck.removeAnnotation(b, MANAGED_RULES);
        OwnershipCheck.removeAnnotation(a, MANAGED_RULES);
        out.addAll(ChangedPaths.between(b, a));
        return out;
    }

    private interface ManagedRule {
        void seen(int index, JsonNode rule);
    }

    /** Takes the rules out of the route and returns the user's; the controller's own are handed to {@code managed}. */
    private static ArrayNode userRules(ObjectNode route, ManagedRule managed) {
        List<JsonNode> recorded = recordedMatches(route);
        ArrayNode user = JSON.createArrayNode();
        JsonNode rules = route.path("spec").path("rules");
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            boolean named = rule.path("name").isTextual() && MANAGED_NAME.matcher(rule.path("name").asText()).matches();
            // a takeover rule has the very matches of the user's rule it copies: each record owns one rule, the first
            boolean recordedHere = (named || !rule.has("name")) && recorded.remove(matches(rule));
            if (named || recordedHere) {
                if (managed != null) managed.seen(i, rule);
            } else {
                user.add(rule);
            }
        }
        if (route.path("spec").isObject()) ((ObjectNode) route.path("spec")).remove("rules");
        return user;
    }

    /**
     * In a rule that named one of the Services before the write, the controller sets the backendRefs: afterwards they
     * name only those Services, and a ref that was there keeps every field but its weight. The refs are then taken out
     * of both, so that the rest of the rule is compared as it is.
     */
    private static void weightedRefs(ObjectNode before, ObjectNode after, Set<String> services, String path, List<String> out) {
        JsonNode refsBefore = before.path("backendRefs");
        JsonNode refsAfter = after.path("backendRefs");
        if (!names(refsBefore, services)) return;   // not the controller's rule: its refs are compared like the rest
        for (int j = 0; j < refsAfter.size(); j++) {
            JsonNode ref = refsAfter.get(j);
            if (!isOneOf(ref, services)) {
                out.add(path + ".backendRefs[" + j + "].name");
                continue;
            }
            JsonNode was = find(refsBefore, ref.path("name").asText());
            if (was == null) continue;
            ObjectNode wasCopy = ((ObjectNode) was).deepCopy();
            ObjectNode isCopy = ((ObjectNode) ref).deepCopy();
            wasCopy.remove("weight");
            isCopy.remove("weight");
            ChangedPaths.between(wasCopy, isCopy).forEach(p -> out.add(path + ".backendRefs[" + ref.path("name").asText() + "]." + p));
        }
        before.remove("backendRefs");
        after.remove("backendRefs");
    }

    private static boolean names(JsonNode refs, Set<String> services) {
        for (JsonNode ref : refs) if (isOneOf(ref, services)) return true;
        return false;
    }

    /** A backendRef to one of these Services (core group, kind Service or unset). */
    private static boolean isOneOf(JsonNode ref, Set<String> services) {
        boolean coreGroup = ref.path("group").asText("").isEmpty();
        boolean service = !ref.has("kind") || ref.path("kind").asText().equals("Service");
        return coreGroup && service && services.contains(ref.path("name").asText());
    }

    private static JsonNode find(JsonNode refs, String name) {
        for (JsonNode ref : refs) if (ref.path("name").asText().equals(name) && ref.isObject()) return ref;
        return null;
    }

    private static JsonNode matches(JsonNode rule) {
        return rule.has("matches") ? rule.get("matches") : JSON.createArrayNode();
    }

    private static List<JsonNode> recordedMatches(JsonNode route) {
        JsonNode annotation = route.path("metadata").path("annotations").path(MANAGED_RULES);
        List<JsonNode> out = new ArrayList<>();
        if (!annotation.isTextual()) return out;
        try {
            JSON.readTree(annotation.asText()).forEach(out::add);
        } catch (java.io.IOException e) {
            // a mangled record owns no rule
        }
        return out;
    }
}
