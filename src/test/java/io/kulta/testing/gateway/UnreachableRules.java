package io.kulta.testing.gateway;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPQueryParamMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.kulta.playground.GatewayRequest;
import io.kulta.playground.GatewayRequestMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of an HTTPRoute that take no request, judged by probing {@link GatewayRequestMatcher}: for each match of a
 * rule, the requests that satisfy it most narrowly (its exact path, or its prefix and a path below it; its method or an
 * unusual one; exactly its headers and query parameters) all go to other rules. A match the probes cannot build (a
 * regular expression) counts as reachable, so a rule is only ever called unreachable when it is.
 */
public final class UnreachableRules {
    private UnreachableRules() {
    }

    public static boolean[] of(HTTPRoute route) {
        List<HTTPRouteRule> rules = route.getSpec() == null || route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
        boolean[] unreachable = new boolean[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            List<HTTPRouteMatch> matches = rules.get(i).getMatches() == null || rules.get(i).getMatches().isEmpty()
                    ? List.of(new HTTPRouteMatch()) : rules.get(i).getMatches();
            boolean taken = true;
            for (HTTPRouteMatch m : matches) {
                Optional<List<GatewayRequest>> probes = probes(m);
                if (probes.isEmpty()) {
                    taken = false;
                    break;
                }
                for (GatewayRequest probe : probes.get()) {
                    int rule = i;
                    taken &= GatewayRequestMatcher.route(route, probe).map(r -> r.index() != rule).orElse(false);
                }
            }
            unreachable[i] = taken;
        }
        return unreachable;
    }

    private static Optional<List<GatewayRequest>> probes(HTTPRouteMatch m) {
        String type = m.getPath() == null || m.getPath().getType() == null ? "PathPrefix" : m.getPath().getType();
        String value = m.getPath() == null || m.getPath().getValue() == null ? "/" : m.getPath().getValue();
        List<String> paths = new ArrayList<>();
        switch (type) {
            case "Exact" -> paths.add(value);
            case "PathPrefix" -> {
                paths.add(value);
                paths.add((value.endsWith("/") ? value : value + "/") + "unreachable-rules-probe");
            }
            default -> {
                return Optional.empty();
            }
        }
        List<GatewayRequest> out = new ArrayList<>();
        for (String path : paths) {
            GatewayRequest probe = GatewayRequest.get(path).method(m.getMethod() != null ? m.getMethod() : "PROBE");
            for (HTTPHeaderMatch h : m.getHeaders() == null ? List.<HTTPHeaderMatch>of() : m.getHeaders()) {
                if ("RegularExpression".equals(h.getType())) return Optional.empty();
                probe = probe.header(h.getName(), h.getValue());
            }
            for (HTTPQueryParamMatch q : m.getQueryParams() == null ? List.<HTTPQueryParamMatch>of() : m.getQueryParams()) {
                if ("RegularExpression".equals(q.getType())) return Optional.empty();
                probe = probe.query(q.getName(), q.getValue());
            }
            out.add(probe);
        }
        return Optional.of(out);
    }
}
