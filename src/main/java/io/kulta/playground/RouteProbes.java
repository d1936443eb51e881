package io.kulta.playground;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPQueryParamMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests users send through a route besides {@code GET /}: one per match of the route's own rules, carrying
 * that match's path, method, headers and query parameters, so the traffic of A/B variants and of path rules exists.
 * A RegularExpression value is only reproduced for the Cookie pattern KULTA writes ({@code (^|;\s*)name=value(;|$)});
 * a match the probe does not satisfy after all is dropped.
 */
final class RouteProbes {
    private static final Pattern COOKIE = Pattern.compile("^\\(\\^\\|;\\\\s\\*\\)(.+)=(.+)\\(;\\|\\$\\)$");

    private RouteProbes() {
    }

    static List<GatewayRequest> of(HTTPRoute route) {
        Map<String, GatewayRequest> probes = new LinkedHashMap<>();
        List<HTTPRouteRule> rules = route.getSpec() == null || route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
        for (HTTPRouteRule rule : rules) {
            if (rule.getMatches() == null) continue;
            for (HTTPRouteMatch m : rule.getMatches()) probe(m).ifPresent(p -> probes.putIfAbsent(p.toString(), p));
        }
        probes.remove(GatewayRequest.get("/").toString());
        return List.copyOf(probes.values());
    }

    private static Optional<GatewayRequest> probe(HTTPRouteMatch m) {
        String type = m.getPath() == null || m.getPath().getType() == null ? "PathPrefix" : m.getPath().getType();
        if (type.equals("RegularExpression")) return Optional.empty();
        String path = m.getPath() == null || m.getPath().getValue() == null ? "/" : m.getPath().getValue();
        GatewayRequest r = GatewayRequest.get(path).method(m.getMethod() == null ? "GET" : m.getMethod());
        if (m.getHeaders() != null)
            for (HTTPHeaderMatch h : m.getHeaders()) {
                String value = literal(h.getType(), h.getValue());
                if (value == null) return Optional.empty();
                r = r.header(h.getName(), value);
            }
        if (m.getQueryParams() != null)
            for (HTTPQueryParamMatch q : m.getQueryParams()) {
                String value = literal(q.getType(), q.getValue());
                if (value == null) return Optional.empty();
                r = r.query(q.getName(), value);
            }
        return GatewayRequestMatcher.matches(m, r) ? Optional.of(r) : Optional.empty();
    }

    /** A value satisfying the match, or null when this cannot tell one. */
    private static String literal(String type, String value) {
        if (value == null) return null;
        if (!"RegularExpression".equals(type)) return value;
        Matcher cookie = COOKIE.matcher(value);
        if (!cookie.matches()) return null;
        return "session=1; " + unquote(cookie.group(1)) + "=" + unquote(cookie.group(2));
    }

    private static String unquote(String regexLiteral) {
        return regexLiteral.replaceAll("\\\\(.)", "$1");
    }
}
