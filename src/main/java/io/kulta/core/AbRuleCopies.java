package io.kulta.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules that send variant B's requests (SPEC §3 "A/B testing"): for each user rule with a backendRef to
 * variantAService and each variant, a copy of the rule whose every match also requires the variant's header and whose
 * only backend is variantBService. Everything else of the rule (filters, timeouts, ...) is kept, so under Gateway API
 * precedence a copy wins exactly where its user rule would have, for variant requests only.
 */
final class AbRuleCopies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AbRuleCopies() {
    }

    /** The copies, in the order of the user's rules; for each rule one copy per variant, in the variants' order. */
    static List<HTTPRouteRule> of(List<HTTPRouteRule> userRules, AbRoute desired, int port) {
        List<HTTPRouteRule> out = new ArrayList<>();
        for (int i = 0; i < userRules.size(); i++) {
            HTTPRouteRule rule = userRules.get(i);
            Optional<HTTPBackendRef> toA = refTo(rule, desired.variantAService());
            if (toA.isEmpty()) continue;
            HTTPBackendRef toB = new HTTPBackendRefBuilder(copy(toA.get(), HTTPBackendRef.class))
                    .withGroup("").withKind("Service").withNamespace(null)
                    .withName(desired.variantBService()).withPort(port).withWeight(100).build();
            for (AbRoute.Variant variant : desired.variants()) {
                List<HTTPRouteMatch> matches = variantMatches(rule, variant.header());
                if (matches.isEmpty()) continue;
                HTTPRouteRule c = copy(rule, HTTPRouteRule.class);
                c.setName(variant.ruleName(i));
                c.setMatches(matches);
                c.setBackendRefs(List.of(toB));
                out.add(c);
            }
        }
        return out;
    }

    /**
     * For each user rule with a backendRef to variantAService, a copy with the same matches (spelled out as the API server
     * defaults them) whose references to variantAService name variantBService instead, each keeping its weight.
     */
    static List<HTTPRouteRule> takeovers(List<HTTPRouteRule> userRules, AbRoute desired, int port) {
        List<HTTPRouteRule> out = new ArrayList<>();
        for (int i = 0; i < userRules.size(); i++) {
            HTTPRouteRule rule = userRules.get(i);
            if (refTo(rule, desired.variantAService()).isEmpty()) continue;
            HTTPRouteRule c = copy(rule, HTTPRouteRule.class);
            c.setName(AbRoute.TAKEOVER_RULE + "-" + i);
            c.setMatches(userMatches(rule).stream().map(AbRuleCopies::spelledOut).toList());
            c.setBackendRefs(rule.getBackendRefs().stream()
                    .map(r -> isService(r, desired.variantAService())
                            ? new HTTPBackendRefBuilder(copy(r, HTTPBackendRef.class)).withGroup("").withKind("Service").withNamespace(null)
                                    .withName(desired.variantBService()).withPort(port).build()
                            : r)
                    .toList());
            out.add(c);
        }
        return out;
    }

    /** The first backendRef to the Service that carries traffic (an absent weight is 1); none: not a rule of A. */
    static Optional<HTTPBackendRef> refTo(HTTPRouteRule rule, String service) {
        if (rule.getBackendRefs() == null) return Optional.empty();
        return rule.getBackendRefs().stream()
                .filter(r -> isService(r, service))
                .filter(r -> r.getWeight() == null || r.getWeight() > 0)
                .findFirst();
    }

    private static boolean isService(HTTPBackendRef ref, String service) {
        return service.equals(ref.getName()) && (ref.getKind() == null || "Service".equals(ref.getKind()));
    }

    /** The rule's matches; none means {@code PathPrefix /}. */
    private static List<HTTPRouteMatch> userMatches(HTTPRouteRule rule) {
        return rule.getMatches() == null || rule.getMatches().isEmpty() ? List.of(new HTTPRouteMatch()) : rule.getMatches();
    }

    /** A copy of the match with its path spelled out as the API server defaults it, so what is stored reads back as written. */
    private static HTTPRouteMatch spelledOut(HTTPRouteMatch m) {
        HTTPRouteMatchBuilder b = new HTTPRouteMatchBuilder(copy(m, HTTPRouteMatch.class));
        if (m.getPath() == null) b.withPath(new HTTPPathMatchBuilder().withType("PathPrefix").withValue("/").build());
        return b.build();
    }

    /**
     * Each of the rule's matches (none means {@code PathPrefix /}) plus the variant header. A match that already tests
     * a header of that name is left out: Gateway API allows one entry per header name, and the user's test would
     * decide it anyway.
     */
    private static List<HTTPRouteMatch> variantMatches(HTTPRouteRule rule, HTTPHeaderMatch variant) {
        List<HTTPRouteMatch> out = new ArrayList<>();
        for (HTTPRouteMatch m : userMatches(rule)) {
            boolean testsSameHeader = m.getHeaders() != null
                    && m.getHeaders().stream().anyMatch(h -> variant.getName().equalsIgnoreCase(h.getName()));
            if (testsSameHeader) continue;
            out.add(new HTTPRouteMatchBuilder(spelledOut(m)).addToHeaders(variant).build());
        }
        return out;
    }

    private static <T> T copy(T value, Class<T> type) {
        return JSON.convertValue(value, type);
    }
}
