package io.kulta.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which rules of an HTTPRoute no request can reach: every one of their matches is also a match of an earlier rule, and
 * Gateway API gives a tie between equal matches to the first rule in list order. Such a rule's backendRefs carry no
 * traffic. Matches are compared as the API server defaults them (no matches = {@code PathPrefix /}, path type
 * PathPrefix, header and query types Exact, header names case-insensitive, entries in any order).
 */
public final class ShadowedRules {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ShadowedRules() {
    }

    /** For each rule, whether an earlier rule takes all of its requests. */
    public static boolean[] of(List<HTTPRouteRule> rules) {
        boolean[] shadowed = new boolean[rules.size()];
        Set<JsonNode> earlier = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            List<JsonNode> matches = normalized(rules.get(i));
            shadowed[i] = earlier.containsAll(matches);
            earlier.addAll(matches);
        }
        return shadowed;
    }

    private static List<JsonNode> normalized(HTTPRouteRule rule) {
        List<HTTPRouteMatch> matches = rule.getMatches() == null || rule.getMatches().isEmpty()
                ? List.of(new HTTPRouteMatch()) : rule.getMatches();
        return matches.stream().map(ShadowedRules::normalized).toList();
    }

    private static JsonNode normalized(HTTPRouteMatch match) {
        ObjectNode m = JSON.createObjectNode();
        ObjectNode path = m.putObject("path");
        String type = match.getPath() == null ? null : match.getPath().getType();
        String value = match.getPath() == null ? null : match.getPath().getValue();
        path.put("type", type == null ? "PathPrefix" : type).put("value", value == null ? "/" : value);
        if (match.getMethod() != null) m.put("method", match.getMethod());
        m.set("headers", entries(match.getHeaders() == null ? List.of() : match.getHeaders().stream()
                .map(h -> entry(h.getName().toLowerCase(java.util.Locale.ROOT), h.getType(), h.getValue())).toList()));
        m.set("queryParams", entries(match.getQueryParams() == null ? List.of() : match.getQueryParams().stream()
                .map(q -> entry(q.getName(), q.getType(), q.getValue())).toList()));
        return m;
    }

    private static ObjectNode entry(String name, String type, String value) {
        return JSON.createObjectNode().put("name", name).put("type", type == null ? "Exact" : type).put("value", value);
    }

    private static ArrayNode entries(List<ObjectNode> entries) {
        List<ObjectNode> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(e -> e.get("name").asText()));
        return JSON.createArrayNode().addAll(sorted);
    }
}
