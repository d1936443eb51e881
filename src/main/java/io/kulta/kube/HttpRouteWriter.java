package io.kulta.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kulta.core.Plan;
import io.kulta.core.RouteWeights;
import io.kulta.core.TrafficSplit;

import java.util.List;
import java.util.Map;

/**
 * Writes the plan's weights into the HTTPRoute: a JSON patch that replaces only the backendRefs of the
 * rules that changed, guarded by a test of the resourceVersion it read. On a conflict it re-reads the
 * route from the API server and tries again.
 */
public final class HttpRouteWriter {
    private static final int ATTEMPTS = 3;
    private final KubernetesClient client;
    private final KubeCaches caches;
    private final WrittenVersions written;
    private final ObjectMapper json = new ObjectMapper();

    public HttpRouteWriter(KubernetesClient client, KubeCaches caches, WrittenVersions written) {
        this.client = client;
        this.caches = caches;
        this.written = written;
    }

    public void apply(Plan plan) {
        TrafficSplit split = plan.traffic();
        if (split == null) return;
        HTTPRoute route = caches.httpRoute(plan.namespace(), split.httpRoute());
        for (int attempt = 1; route != null; attempt++) {
            Map<Integer, List<HTTPBackendRef>> changes = RouteWeights.changes(route, split);
            if (changes.isEmpty()) return;
            try {
                HTTPRoute saved = client.resources(HTTPRoute.class).resource(PatchTarget.named(HTTPRoute::new, plan.namespace(), split.httpRoute()))
                        .patch(PatchContext.of(PatchType.JSON), patch(route.getMetadata().getResourceVersion(), changes));
                written.recordChild(plan.key(), "route/" + split.httpRoute(), saved.getMetadata().getResourceVersion());
                return;
            } catch (KubernetesClientException e) {
                boolean conflict = e.getCode() == 409 || e.getCode() == 422;
                if (!conflict || attempt == ATTEMPTS) throw e;
                route = client.resources(HTTPRoute.class).inNamespace(plan.namespace()).withName(split.httpRoute()).get();
            }
        }
    }

    String patch(String resourceVersion, Map<Integer, List<HTTPBackendRef>> changes) {
        ArrayNode ops = json.createArrayNode();
        ops.addObject().put("op", "test").put("path", "/metadata/resourceVersion").put("value", resourceVersion);
        changes.forEach((rule, refs) -> ops.addObject().put("op", "replace")
                .put("path", "/spec/rules/" + rule + "/backendRefs").set("value", json.valueToTree(refs)));
        return ops.toString();
    }
}
