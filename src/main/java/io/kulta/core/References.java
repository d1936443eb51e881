package io.kulta.core;

import io.kulta.model.Rollout;
import io.kulta.model.RolloutStrategy;
import io.kulta.model.TrafficRouting;

import java.util.ArrayList;
import java.util.List;

/** The Services and HTTPRoute a Rollout's strategy names. */
public record References(List<String> services, String httpRoute) {

    public static References of(Rollout rollout) {
        RolloutStrategy s = rollout.getSpec() == null ? null : rollout.getSpec().strategy;
        List<String> services = new ArrayList<>();
        TrafficRouting routing = null;
        if (s != null && s.canary != null) {
            add(services, s.canary.stableService, s.canary.canaryService);
            routing = s.canary.trafficRouting;
        } else if (s != null && s.blueGreen != null) {
            add(services, s.blueGreen.activeService, s.blueGreen.previewService);
            routing = s.blueGreen.trafficRouting;
        } else if (s != null && s.abTesting != null) {
            add(services, s.abTesting.variantAService, s.abTesting.variantBService);
            routing = s.abTesting.trafficRouting;
        }
        String route = routing == null || routing.gatewayAPI == null ? null : routing.gatewayAPI.httpRoute;
        return new References(List.copyOf(services), route);
    }

    private static void add(List<String> to, String... names) {
        for (String n : names) if (n != null && !n.isBlank()) to.add(n);
    }
}
