package io.kulta.core;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.kulta.model.AbTestingStrategy;

import java.util.ArrayList;
import java.util.List;

/**
 * The A/B rules a Plan wants on an HTTPRoute (SPEC §3 "A/B testing"): while {@code present}, one rule per
 * entry of {@code rules} ahead of the user's, sending 100% to variantBService; otherwise none of them.
 *
 * @param port  the backendRef port; null: the port the route already uses for variantAService, else 80
 * @param rules the matches of each rule the controller owns: the header rule, then the cookie rule
 */
public record AbRoute(String httpRoute, boolean present, String variantAService, String variantBService, Integer port,
                      List<List<HTTPRouteMatch>> rules) {
    public static final String HEADER_RULE = "kulta-variant-b";
    public static final String COOKIE_RULE = "kulta-variant-b-cookie";

    public static AbRoute of(AbTestingStrategy a, boolean present) {
        List<List<HTTPRouteMatch>> rules = new ArrayList<>();
        AbTestingStrategy.VariantMatch m = a.variantBMatch;
        if (m != null && m.header != null) {
            String type = m.header.type == null ? "Exact" : m.header.type.name();
            rules.add(List.of(match(m.header.name, type, m.header.value)));
        }
        if (m != null && m.cookie != null)
            rules.add(List.of(match("Cookie", "RegularExpression", cookiePattern(m.cookie.name, m.cookie.value))));
        return new AbRoute(a.trafficRouting.gatewayAPI.httpRoute, present, a.variantAService, a.variantBService, a.port, List.copyOf(rules));
    }

    /** A Cookie header carrying name=value among its cookies: {@code (^|;\s*)name=value(;|$)}. */
    static String cookiePattern(String name, String value) {
        return "(^|;\\s*)" + quote(name) + "=" + quote(value) + "(;|$)";
    }

    /** Escapes regex metacharacters one by one (RE2, which gateways use, has no \Q…\E everywhere). */
    private static String quote(String literal) {
        return literal.replaceAll("[.+*?^$()\\[\\]{}|\\\\]", "\\\\$0");
    }

    /** Path and header type spelled out, so the API server's defaulting leaves the stored match as written. */
    private static HTTPRouteMatch match(String header, String type, String value) {
        return new HTTPRouteMatchBuilder()
                .withPath(new HTTPPathMatchBuilder().withType("PathPrefix").withValue("/").build())
                .withHeaders(new HTTPHeaderMatchBuilder().withName(header).withType(type).withValue(value).build())
                .build();
    }
}
