package io.kulta.testing.ownership;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the Rollouts of a test named, over every version of them it saw: the Rollouts by namespace and name, the
 * Services their strategies name (stable/canary, active/preview, variant A/B) and the HTTPRoutes of their
 * trafficRouting, each with the Services of the Rollouts that name it.
 */
final class RolloutNames {
    private static final String[] SERVICE_FIELDS = {"stableService", "canaryService", "activeService", "previewService",
            "variantAService", "variantBService"};

    private final Set<String> rollouts = new HashSet<>();
    private final Set<String> services = new HashSet<>();
    private final Map<String, Set<String>> routeServices = new HashMap<>();

    /** Adds what this version of a Rollout (its JSON as stored) names. */
    void add(JsonNode rollout) {
        String namespace = rollout.path("metadata").path("namespace").asText();
        rollouts.add(namespace + "/" + rollout.path("metadata").path("name").asText());
        rollout.path("spec").path("strategy").forEach(strategy -> {
            Set<String> named = new HashSet<>();
            for (String field : SERVICE_FIELDS)
                if (strategy.path(field).isTextual()) named.add(strategy.path(field).asText());
            named.forEach(s -> services.add(namespace + "/" + s));
            JsonNode route = strategy.path("trafficRouting").path("gatewayAPI").path("httpRoute");
            if (route.isTextual())
                routeServices.computeIfAbsent(namespace + "/" + route.asText(), r -> new HashSet<>()).addAll(named);
        });
    }

    boolean isRollout(String namespace, String name) {
        return rollouts.contains(namespace + "/" + name);
    }

    boolean isService(String namespace, String name) {
        return services.contains(namespace + "/" + name);
    }

    boolean isRoute(String namespace, String name) {
        return routeServices.containsKey(namespace + "/" + name);
    }

    /** The Services of the Rollouts that name this HTTPRoute: the only backendRefs the controller may weight. */
    Set<String> servicesOfRoute(String namespace, String name) {
        return routeServices.getOrDefault(namespace + "/" + name, Set.of());
    }
}
