package io.kulta.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kulta.core.Plan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a deleted Rollout's cleanup writes with the writers apply-plan uses (Service selectors, HTTPRoute weights,
 * A/B rules), each tried even when another was refused, and says which were refused: the cleanup then decides
 * whether to try again or to let the Rollout go (core.Cleanup).
 */
public final class CleanupWriter {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupWriter.class);

    private final ServiceSelectorWriter selectors;
    private final HttpRouteWriter weights;
    private final AbRouteWriter abRules;
    private final ReplicaSetWriter replicaSets;

    public CleanupWriter(ServiceSelectorWriter selectors, HttpRouteWriter weights, AbRouteWriter abRules, ReplicaSetWriter replicaSets) {
        this.selectors = selectors;
        this.weights = weights;
        this.abRules = abRules;
        this.replicaSets = replicaSets;
    }

    /** @return what was refused, e.g. "HTTPRoute shop-route: HTTP 403 Forbidden: ...", or null when every write went through */
    public String apply(Plan plan) {
        List<String> refused = new ArrayList<>();
        String route = plan.traffic() != null ? plan.traffic().httpRoute() : plan.abRoute() != null ? plan.abRoute().httpRoute() : null;
        attempt(refused, "ReplicaSets " + String.join(", ", plan.replicas().keySet()), () -> replicaSets.scaleUp(plan));
        attempt(refused, "Services " + String.join(", ", plan.serviceRevisions().keySet()), () -> selectors.apply(plan));
        attempt(refused, "HTTPRoute " + route, () -> weights.apply(plan));
        attempt(refused, "HTTPRoute " + route, () -> abRules.apply(plan));
        if (refused.isEmpty()) return null;
        String failure = String.join("; ", refused);
        LOG.warn("cleanup of deleted rollout {}/{} incomplete: {}", plan.namespace(), plan.name(), failure);
        return failure;
    }

    private static void attempt(List<String> refused, String what, Runnable write) {
        try {
            write.run();
        } catch (KubernetesClientException e) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
            String reason = e.getStatus() != null && e.getStatus().getReason() != null ? " " + e.getStatus().getReason() : "";
            refused.add(what + ": HTTP " + e.getCode() + reason + ": " + String.valueOf(message).replace('\n', ' '));
        }
    }
}
