package io.kulta.core;

import java.util.Map;

/**
 * Where traffic goes now: the revision each referenced Service selects, and the weight each Service has in the
 * Rollout's HTTPRoute (the largest over the rules naming it; a backendRef without weight counts 1, as Gateway API
 * says). Read from the informer caches, so the planner moves traffic from where it is, not from where it planned.
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
}
