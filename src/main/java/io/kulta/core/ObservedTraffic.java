package io.kulta.core;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where traffic goes now: the revision each referenced Service selects, and the weight each Service has in the
 * Rollout's HTTPRoute (the largest over the rules naming it that a request can reach, see {@link ShadowedRules}; a
 * backendRef without weight counts 1, as Gateway API says). Read from the informer caches, so the planner moves traffic from where it is, not from where it planned.
 */
public record ObservedTraffic(Map<String, ServiceSelection> selections, Map<String, Integer> weights) {

    /**
     * What a planner assumes without an observation (unit tests): the Services on the revisions the last status
     * names, settled long ago, the canary Service with {@code canaryWeight}% and the stable one with the rest.
     */
    static ObservedTraffic assumed(String stableService, String stableRevision, String canaryService, String canaryRevision,
                                   int canaryWeight) {
        Map<String, ServiceSelection> selections = new java.util.HashMap<>();
        if (stableRevision != null) selections.put(stableService, new ServiceSelection(stableRevision, null));
        if (canaryRevision != null) selections.put(canaryService, new ServiceSelection(canaryRevision, null));
        return new ObservedTraffic(selections, Map.of(stableService, 100 - canaryWeight, canaryService, canaryWeight));
    }

    public ServiceSelection selection(String service) {
        return selections.getOrDefault(service, ServiceSelection.NONE);
    }

    /** The Service's weight in the route; 0 when the route does not name it. */
    public int weight(String service) {
        return weights.getOrDefault(service, 0);
    }

    /**
     * Each Service's weight in the route: the largest over the rules naming it that a request can reach (no weight = 1,
     * as Gateway API says).
     */
    public static Map<String, Integer> weightsIn(HTTPRoute route) {
        Map<String, Integer> weights = new HashMap<>();
        if (route == null || route.getSpec() == null || route.getSpec().getRules() == null) return Map.of();
        List<HTTPRouteRule> rules = route.getSpec().getRules();
        boolean[] shadowed = ShadowedRules.of(rules);
        for (int i = 0; i < rules.size(); i++) {
            HTTPRouteRule rule = rules.get(i);
            if (rule.getBackendRefs() == null || shadowed[i]) continue;
            for (HTTPBackendRef ref : rule.getBackendRefs()) {
                boolean service = (ref.getGroup() == null || ref.getGroup().isEmpty()) && (ref.getKind() == null || "Service".equals(ref.getKind()));
                if (service && ref.getName() != null)
                    weights.merge(ref.getName(), ref.getWeight() == null ? 1 : ref.getWeight(), Math::max);
            }
        }
        return Map.copyOf(weights);
    }
}
