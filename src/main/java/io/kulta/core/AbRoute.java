package io.kulta.core;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatchBuilder;
import io.kulta.model.AbTestingStrategy;

import java.util.ArrayList;
import java.util.List;

/**
 * The A/B rules a Plan wants on an HTTPRoute (SPEC §3 "A/B testing"): while {@code present}, for every user rule that
 * sends to variantAService and for each variant match, a copy of that rule ahead of the user's rules that also requires
 * the variant's header and sends 100% to variantBService; otherwise none of them. While {@code takeover}, also a copy
 * of each such rule with the same matches that sends variantAService's share to variantBService: it takes all of the
 * user rule's requests (an equal match goes to the first rule), so variantAService carries no weight and may be
 * re-pointed (SPEC §3 "Traffic safety").
 *
 * @param port     the backendRef port; null: the port the route already uses for variantAService, else 80
 * @param variants the header match each copy adds, with the prefix of the copy's name: the header, then the cookie
 */
public record AbRoute(String httpRoute, boolean present, boolean takeover, String variantAService, String variantBService,
                      Integer port, List<Variant> variants) {
    public static final String HEADER_RULE = "kulta-variant-b";
    public static final String COOKIE_RULE = "kulta-variant-b-cookie";
    public static final String TAKEOVER_RULE = "kulta-takeover";

    /** One way a request asks for variant B; the copy of user rule i is named {@code <rulePrefix>-<i>}. */
    public record Variant(String rulePrefix, HTTPHeaderMatch header) {
        public String ruleName(int userRuleIndex) {
            return rulePrefix + "-" + userRuleIndex;
        }
    }

    public static AbRoute of(AbTestingStrategy a, boolean present) {
        return of(a, present, false);
    }

    public static AbRoute of(AbTestingStrategy a, boolean present, boolean takeover) {
        List<Variant> variants = new ArrayList<>();
        AbTestingStrategy.VariantMatch m = a.variantBMatch;
        if (m != null && m.header != null) {
            String type = m.header.type == null ? "Exact" : m.header.type.name();
            variants.add(new Variant(HEADER_RULE, header(m.header.name, type, m.header.value)));
        }
        if (m != null && m.cookie != null)
            variants.add(new Variant(COOKIE_RULE, header("Cookie", "RegularExpression", cookiePattern(m.cookie.name, m.cookie.value))));
        return new AbRoute(a.trafficRouting.gatewayAPI.httpRoute, present, takeover, a.variantAService, a.variantBService, a.port, List.copyOf(variants));
    }

    /** A Cookie header carrying name=value among its cookies: {@code (^|;\s*)name=value(;|$)}. */
    static String cookiePattern(String name, String value) {
        return "(^|;\\s*)" + quote(name) + "=" + quote(value) + "(;|$)";
    }

    /** Escapes regex metacharacters one by one (RE2, which gateways use, has no \Q…\E everywhere). */
    private static String quote(String literal) {
        return literal.replaceAll("[.+*?^$()\\[\\]{}|\\\\]", "\\\\$0");
    }

    /** The type spelled out, so the API server's defaulting leaves the stored match as written. */
    private static HTTPHeaderMatch header(String name, String type, String value) {
        return new HTTPHeaderMatchBuilder().withName(name).withType(type).withValue(value).build();
    }
}
