package io.kulta.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kulta.core.AbRoute;
import io.kulta.core.AbRouteRules;
import io.kulta.core.Plan;

import java.util.List;

/**
 * Writes the plan's A/B rules into the HTTPRoute: a JSON patch that removes the controller's own rules by
 * index, inserts the wanted ones at the front and records them in the managed-rules annotation, guarded
 * by a test of the resourceVersion it read (indexes are only meaningful for that version). On a
 * conflict it re-reads the route and tries again.
 */
public final class AbRouteWriter {
    private static final int ATTEMPTS = 3;
    private static final String ANNOTATION_PATH = "/metadata/annotations/" + AbRouteRules.MANAGED_RULES.replace("~", "~0").replace("/", "~1");
    private final KubernetesClient client;
    private final KubeCaches caches;
    private final WrittenVersions written;
    private final ObjectMapper json = new ObjectMapper();

    public AbRouteWriter(KubernetesClient client, KubeCaches caches, WrittenVersions written) {
        this.client = client;
        this.caches = caches;
        this.written = written;
    }

    public void apply(Plan plan) {
        AbRoute desired = plan.abRoute();
        if (desired == null) return;
        HTTPRoute route = caches.httpRoute(plan.namespace(), desired.httpRoute());
        for (int attempt = 1; route != null; attempt++) {
            var edit = AbRouteRules.edit(route, desired);
            if (edit.isEmpty()) return;
            try {
                HTTPRoute saved = client.resources(HTTPRoute.class).resource(PatchTarget.named(HTTPRoute::new, plan.namespace(), desired.httpRoute()))
                        .patch(PatchContext.of(PatchType.JSON), patch(route, edit.get()));
                written.recordChild(plan.key(), "route/" + desired.httpRoute(), saved.getMetadata().getResourceVersion());
                return;
            } catch (KubernetesClientException e) {
                boolean conflict = e.getCode() == 409 || e.getCode() == 422;
                if (!conflict || attempt == ATTEMPTS) throw e;
                route = client.resources(HTTPRoute.class).inNamespace(plan.namespace()).withName(desired.httpRoute()).get();
            }
        }
    }

    String patch(HTTPRoute route, AbRouteRules.Edit edit) {
        ArrayNode ops = json.createArrayNode();
        ops.addObject().put("op", "test").put("path", "/metadata/resourceVersion").put("value", route.getMetadata().getResourceVersion());
        edit.removed().forEach(i -> ops.addObject().put("op", "remove").put("path", "/spec/rules/" + i));
        List<HTTPRouteRule> added = edit.prepended();
        // fabric8 models default absent lists and maps to empty ones: "absent on the server" reads as empty here
        boolean hasRules = route.getSpec() != null && route.getSpec().getRules() != null && !route.getSpec().getRules().isEmpty();
        if (!added.isEmpty() && !hasRules) {
            ops.addObject().put("op", "add").put("path", "/spec/rules").set("value", json.valueToTree(added));
        } else {
            for (int i = added.size() - 1; i >= 0; i--)
                ops.addObject().put("op", "add").put("path", "/spec/rules/0").set("value", json.valueToTree(added.get(i)));
        }
        boolean annotated = route.getMetadata().getAnnotations() != null && route.getMetadata().getAnnotations().containsKey(AbRouteRules.MANAGED_RULES);
        if (edit.annotation() == null) {
            if (annotated) ops.addObject().put("op", "remove").put("path", ANNOTATION_PATH);
        } else {
            if (route.getMetadata().getAnnotations() == null || route.getMetadata().getAnnotations().isEmpty())
                ops.addObject().put("op", "add").put("path", "/metadata/annotations").putObject("value")
                        .put(AbRouteRules.MANAGED_RULES, edit.annotation());
            else
                ops.addObject().put("op", "add").put("path", ANNOTATION_PATH).put("value", edit.annotation());
        }
        return ops.toString();
    }
}
