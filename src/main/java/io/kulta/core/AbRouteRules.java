package io.kulta.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How an HTTPRoute's A/B rules differ from an {@link AbRoute}. The Gateway API v1.3 standard CRD prunes
 * {@code rules[].name}, so the controller's rules are recognised by the annotation
 * {@value #MANAGED_RULES}: the JSON list of the matches of the rules it added. A rule is the
 * controller's only if its matches are recorded there; every other rule is the user's and never touched.
 */
public final class AbRouteRules {
    public static final String MANAGED_RULES = "rollouts.kulta.io/managed-rules";
    private static final ObjectMapper JSON = new ObjectMapper();

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
        if (!desired.present()) {
            if (managed.isEmpty() && recorded == null) return Optional.empty();
            return Optional.of(new Edit(descending(managed), List.of(), null));
        }
        List<HTTPRouteRule> wanted = desiredRules(rules, managed, desired);
        String record = record(desired.rules());
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

    /** The port for variant B: the strategy's, else the one the route already uses for variantAService, else 80. */
    static int port(List<HTTPRouteRule> rules, List<Integer> managed, AbRoute desired) {
        if (desired.port() != null) return desired.port();
        for (int i = 0; i < rules.size(); i++) {
            if (managed.contains(i) || rules.get(i).getBackendRefs() == null) continue;
            for (HTTPBackendRef ref : rules.get(i).getBackendRefs())
                if (desired.variantAService().equals(ref.getName()) && ref.getPort() != null) return ref.getPort();
        }
        return 80;
    }

    private static List<HTTPRouteRule> desiredRules(List<HTTPRouteRule> rules, List<Integer> managed, AbRoute desired) {
        int port = port(rules, managed, desired);
        List<HTTPRouteRule> out = new ArrayList<>();
        for (List<HTTPRouteMatch> matches : desired.rules()) {
            HTTPBackendRef toB = new HTTPBackendRefBuilder().withGroup("").withKind("Service")
                    .withName(desired.variantBService()).withPort(port).withWeight(100).build();
            out.add(new HTTPRouteRuleBuilder().withMatches(matches).withBackendRefs(toB).build());
        }
        return out;
    }

    /** Same matches and a single backendRef to the same Service and port (the server may default the rest). */
    private static boolean sameRule(HTTPRouteRule actual, HTTPRouteRule wanted) {
        if (!tree(actual.getMatches()).equals(tree(wanted.getMatches()))) return false;
        List<HTTPBackendRef> refs = actual.getBackendRefs();
        HTTPBackendRef want = wanted.getBackendRefs().get(0);
        return refs != null && refs.size() == 1 && want.getName().equals(refs.get(0).getName())
                && Objects.equals(want.getPort(), refs.get(0).getPort())
                && (actual.getFilters() == null || actual.getFilters().isEmpty());
    }

    /** For each recorded match list, the first rule carrying exactly those matches. */
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

    static String record(List<List<HTTPRouteMatch>> rules) {
        try {
            return JSON.writeValueAsString(rules);
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
