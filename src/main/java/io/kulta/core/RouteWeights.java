package io.kulta.core;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where an HTTPRoute's weights differ from a {@link TrafficSplit}: only rules that reference the stable
 * or canary Service are touched, and in them the backendRefs become exactly
 * [stable (100−w), canary (w)], each keeping the fields it had. Matches, filters, other rules: untouched.
 */
public final class RouteWeights {
    private RouteWeights() {
    }

    /** The new backendRefs of each rule that must change, by rule index; empty when the route is right. */
    public static Map<Integer, List<HTTPBackendRef>> changes(HTTPRoute route, TrafficSplit split) {
        Map<Integer, List<HTTPBackendRef>> changes = new TreeMap<>();
        List<HTTPRouteRule> rules = route.getSpec() == null ? null : route.getSpec().getRules();
        if (rules == null) return changes;
        for (int i = 0; i < rules.size(); i++) {
            List<HTTPBackendRef> refs = rules.get(i).getBackendRefs();
            if (refs == null) continue;
            Optional<HTTPBackendRef> stable = find(refs, split.stableService());
            Optional<HTTPBackendRef> canary = find(refs, split.canaryService());
            if (stable.isEmpty() && canary.isEmpty()) continue;
            List<HTTPBackendRef> wanted = List.of(
                    weighted(stable, split.stableService(), split.stableWeight(), split.port()),
                    weighted(canary, split.canaryService(), split.canaryWeight(), split.port()));
            if (!wanted.equals(refs)) changes.put(i, wanted);
        }
        return changes;
    }

    /** The canary weight of the first rule that names both Services, if any. */
    public static Optional<Integer> canaryWeight(HTTPRoute route, TrafficSplit split) {
        if (route.getSpec() == null || route.getSpec().getRules() == null) return Optional.empty();
        for (HTTPRouteRule rule : route.getSpec().getRules()) {
            if (rule.getBackendRefs() == null) continue;
            Optional<HTTPBackendRef> canary = find(rule.getBackendRefs(), split.canaryService());
            if (canary.isPresent() && find(rule.getBackendRefs(), split.stableService()).isPresent())
                return Optional.of(canary.get().getWeight() == null ? 1 : canary.get().getWeight());
        }
        return Optional.empty();
    }

    private static HTTPBackendRef weighted(Optional<HTTPBackendRef> existing, String service, int weight, int port) {
        return existing.map(ref -> new HTTPBackendRefBuilder(ref).withWeight(weight).build())
                .orElseGet(() -> new HTTPBackendRefBuilder().withName(service).withPort(port).withWeight(weight).build());
    }

    private static Optional<HTTPBackendRef> find(List<HTTPBackendRef> refs, String service) {
        return refs.stream().filter(r -> service.equals(r.getName()) && isService(r)).findFirst();
    }

    private static boolean isService(HTTPBackendRef ref) {
        boolean coreGroup = ref.getGroup() == null || ref.getGroup().isEmpty();
        return coreGroup && (ref.getKind() == null || "Service".equals(ref.getKind()));
    }
}
