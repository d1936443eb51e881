package io.kulta.playground;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPQueryParamMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which rule of one HTTPRoute a gateway sends a request to, by the Gateway API v1 HTTPRoute precedence
 * ({@code HTTPRouteRule.matches}): an Exact path match, then the PathPrefix match with the most characters, then
 * a method match, then the most header matches, then the most query param matches, then the first rule in list
 * order. Across routes there would be creation time and name tie-breaks; within one route only rule order applies.
 *
 * <p>Implementation-specific choices of this matcher: RegularExpression paths rank after every Exact and PathPrefix
 * match (among themselves by rule order) and must match the whole path; RegularExpression header and query values
 * match if the pattern is found anywhere in the value (Java regex, which agrees with RE2 on the patterns KULTA
 * writes). Hostnames and parentRefs are not considered: the request is assumed to reach this route. A header sent
 * more than once is not modelled (one value per name).
 */
public final class GatewayRequestMatcher {
    /** The rule that wins: its index in {@code spec.rules} and the rule itself. */
    public record MatchedRule(int index, HTTPRouteRule rule) {
        public List<HTTPBackendRef> backendRefs() {
            return rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs();
        }

        /** The names of the Services with weight (an absent weight is 1). */
        public List<String> services() {
            return backendRefs().stream().filter(r -> r.getWeight() == null || r.getWeight() > 0)
                    .map(HTTPBackendRef::getName).toList();
        }
    }

    private static final HTTPRouteMatch EVERYTHING = new HTTPRouteMatch();

    private GatewayRequestMatcher() {
    }

    /** The rule the request goes to, or empty when none matches (the gateway answers 404). */
    public static Optional<MatchedRule> route(HTTPRoute route, GatewayRequest request) {
        List<HTTPRouteRule> rules = route.getSpec() == null || route.getSpec().getRules() == null
                ? List.of() : route.getSpec().getRules();
        Candidate best = null;
        for (int i = 0; i < rules.size(); i++) {
            List<HTTPRouteMatch> matches = rules.get(i).getMatches() == null || rules.get(i).getMatches().isEmpty()
                    ? List.of(EVERYTHING) : rules.get(i).getMatches();
            for (HTTPRouteMatch m : matches) {
                if (!matches(m, request)) continue;
                Candidate c = Candidate.of(i, m);
                if (best == null || Candidate.PRECEDENCE.compare(c, best) < 0) best = c;
            }
        }
        return best == null ? Optional.empty() : Optional.of(new MatchedRule(best.rule, rules.get(best.rule)));
    }

    /** One matching HTTPRouteMatch, with what the precedence looks at. */
    private record Candidate(int rule, int pathKind, int prefixLength, boolean method, int headers, int queryParams) {
        static final int EXACT = 0, PREFIX = 1, REGEX = 2;
        static final Comparator<Candidate> PRECEDENCE = Comparator.comparingInt(Candidate::pathKind)
                .thenComparing(Comparator.comparingInt(Candidate::prefixLength).reversed())
                .thenComparing(Candidate::method, Comparator.reverseOrder())
                .thenComparing(Comparator.comparingInt(Candidate::headers).reversed())
                .thenComparing(Comparator.comparingInt(Candidate::queryParams).reversed())
                .thenComparingInt(Candidate::rule);

        static Candidate of(int rule, HTTPRouteMatch m) {
            String type = pathType(m.getPath());
            int kind = switch (type) {
                case "Exact" -> EXACT;
                case "PathPrefix" -> PREFIX;
                default -> REGEX;
            };
            return new Candidate(rule, kind, kind == PREFIX ? pathValue(m.getPath()).length() : 0, m.getMethod() != null,
                    size(m.getHeaders()), size(m.getQueryParams()));
        }
    }

    static boolean matches(HTTPRouteMatch m, GatewayRequest request) {
        if (m.getMethod() != null && !m.getMethod().equals(request.method())) return false;
        if (!pathMatches(m.getPath(), request.path())) return false;
        if (m.getHeaders() != null)
            for (HTTPHeaderMatch h : m.getHeaders())
                if (!valueMatches(h.getType(), h.getValue(), request.headers().get(h.getName()))) return false;
        if (m.getQueryParams() != null)
            for (HTTPQueryParamMatch q : m.getQueryParams())
                if (!valueMatches(q.getType(), q.getValue(), request.query().get(q.getName()))) return false;
        return true;
    }

    /** PathPrefix matches whole path elements: {@code /api} matches {@code /api}, {@code /api/x}, not {@code /apix}. */
    static boolean pathMatches(HTTPPathMatch path, String requestPath) {
        String value = pathValue(path);
        return switch (pathType(path)) {
            case "Exact" -> requestPath.equals(value);
            case "PathPrefix" -> {
                String prefix = value.length() > 1 && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
                yield prefix.equals("/") || requestPath.equals(prefix) || requestPath.startsWith(prefix + "/");
            }
            default -> Pattern.compile(value).matcher(requestPath).matches();
        };
    }

    private static boolean valueMatches(String type, String expected, String actual) {
        if (actual == null) return false;
        if ("RegularExpression".equals(type)) return Pattern.compile(expected).matcher(actual).find();
        return expected.equals(actual);
    }

    private static String pathType(HTTPPathMatch path) {
        return path == null || path.getType() == null ? "PathPrefix" : path.getType();
    }

    private static String pathValue(HTTPPathMatch path) {
        return path == null || path.getValue() == null ? "/" : path.getValue();
    }

    private static int size(List<?> list) {
        return list == null ? 0 : list.size();
    }
}
