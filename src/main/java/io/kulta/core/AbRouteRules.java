package io.kulta.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How an HTTPRoute's A/B rules differ from an {@link AbRoute}. The controller's rules are named
 * {@code kulta-variant-b-<i>} / {@code kulta-variant-b-cookie-<i>} / {@code kulta-takeover-<i>}, but the Gateway API
 * v1.3 standard CRD prunes {@code rules[].name} (it is experimental until v1.4), so they are also recorded in the annotation
 * {@value #MANAGED_RULES}: the JSON list of the matches of the rules it added. A rule is the controller's only if it
 * carries one of those names or its matches are recorded there; every other rule is the user's and never touched.
 */
public final class AbRouteRules {
    public static final String MANAGED_RULES = "rollouts.kulta.io/managed-rules";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MANAGED_NAME = Pattern.compile(
            "(" + Pattern.quote(AbRoute.HEADER_RULE) + "(-cookie)?|" + Pattern.quote(AbRoute.TAKEOVER_RULE) + ")-[0-9]+");

    /**
     * @param removed    indexes of the controller's rules to remove, highest first (so each stays valid)
     * @param prepended  rules to insert at the front afterwards, in order
     * @param annotation the new value of {@value #MANAGED_RULES}, or null to remove it
     */
    public record Edit(List<Integer> removed, List<HTTPRouteRule> prepended, String annotation) {
    }

    private AbRouteRules() {
    }

    /** The edit that brings the route to the desired A/B rules, or empty when it has them. */
    public static Optional<Edit> edit(HTTPRoute route, AbRoute desired) {
        List<HTTPRouteRule> rules = rules(route);
        String recorded = annotation(route);
        List<Integer> managed = managedIndexes(rules, recorded);
        List<HTTPRouteRule> userRules = new ArrayList<>(rules);
        descending(managed).forEach(i -> userRules.remove((int) i));
        List<HTTPRouteRule> wanted = new ArrayList<>();
        if (desired.present()) wanted.addAll(AbRuleCopies.of(userRules, desired, port(userRules, desired)));
        if (desired.takeover()) wanted.addAll(AbRuleCopies.takeovers(userRules, desired, port(userRules, desired)));
        if (wanted.isEmpty()) {
            if (managed.isEmpty() && recorded == null) return Optional.empty();
            return Optional.of(new Edit(descending(managed), List.of(), null));
        }
        String record = record(wanted);
        boolean inPlace = managed.size() == wanted.size() && record.equals(recorded);
        for (int i = 0; inPlace && i < wanted.size(); i++)
            inPlace = managed.get(i) == i && sameRule(rules.get(i), wanted.get(i));
        if (inPlace) return Optional.empty();
        return Optional.of(new Edit(descending(managed), wanted, record));
    }

    /** The rules after an edit: what the JSON patch of the edit does to them. */
    public static List<HTTPRouteRule> applied(List<HTTPRouteRule> rules, Edit edit) {
        List<HTTPRouteRule> out = new ArrayList<>(rules == null ? List.of() : rules);
        edit.removed().forEach(i -> out.remove((int) i));
        out.addAll(0, edit.prepended());
        return out;
    }

    /** The port for variant B: the strategy's, else the one the user's rules use for variantAService, else 80. */
    static int port(List<HTTPRouteRule> userRules, AbRoute desired) {
        if (desired.port() != null) return desired.port();
        return userRules.stream().map(r -> AbRuleCopies.refTo(r, desired.variantAService()))
                .flatMap(Optional::stream).map(HTTPBackendRef::getPort).filter(Objects::nonNull)
                .findFirst().orElse(80);
    }

    /** The whole rule as wanted; the name only where the server kept it (the v1.3 standard CRD prunes it). */
    private static boolean sameRule(HTTPRouteRule actual, HTTPRouteRule wanted) {
        if (actual.getName() != null && !actual.getName().equals(wanted.getName())) return false;
        return unnamed(actual).equals(unnamed(wanted));
    }

    private static JsonNode unnamed(HTTPRouteRule rule) {
        ObjectNode tree = JSON.valueToTree(rule);
        tree.remove("name");
        return tree;
    }

    /** For each recorded match list the first rule carrying it, and the rules named as the controller names them. */
    private static List<Integer> managedIndexes(List<HTTPRouteRule> rules, String recorded) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode matches : parse(recorded)) {
            for (int i = 0; i < rules.size(); i++) {
                if (!out.contains(i) && tree(rules.get(i).getMatches()).equals(matches)) {
                    out.add(i);
                    break;
                }
            }
        }
        for (int i = 0; i < rules.size(); i++)
            if (!out.contains(i) && rules.get(i).getName() != null && MANAGED_NAME.matcher(rules.get(i).getName()).matches()) out.add(i);
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static List<JsonNode> parse(String recorded) {
        if (recorded == null || recorded.isBlank()) return List.of();
        try {
            return JSON.readValue(recorded, new TypeReference<List<JsonNode>>() { });
        } catch (JsonProcessingException e) {
            return List.of();   // a mangled annotation: own no rule rather than risk a user's
        }
    }

    private static String record(List<HTTPRouteRule> rules) {
        try {
            return JSON.writeValueAsString(rules.stream().map(HTTPRouteRule::getMatches).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tree(Object value) {
        return JSON.valueToTree(value == null ? List.of() : value);
    }

    private static List<Integer> descending(List<Integer> indexes) {
        return indexes.stream().sorted(Comparator.reverseOrder()).toList();
    }

    private static List<HTTPRouteRule> rules(HTTPRoute route) {
        return route.getSpec() == null || route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
    }

    private static String annotation(HTTPRoute route) {
        Map<String, String> a = route.getMetadata() == null ? null : route.getMetadata().getAnnotations();
        return a == null ? null : a.get(MANAGED_RULES);
    }
}
