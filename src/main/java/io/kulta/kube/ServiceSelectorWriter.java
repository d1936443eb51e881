package io.kulta.kube;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kulta.core.Labels;
import io.kulta.core.Plan;
import io.kulta.core.Timestamps;

import java.util.Map;

/**
 * Points each Service at its revision: sets {@code pod-template-hash} and removes KULTA's
 * {@code rollouts.kulta.io/type} in one JSON merge patch, leaving every other selector key alone, and records when in
 * the annotation {@code rollouts.kulta.io/selected-since}: weight moves onto the Service only once it has settled.
 */
public final class ServiceSelectorWriter {
    private final KubernetesClient client;
    private final KubeCaches caches;
    private final WrittenVersions written;

    public ServiceSelectorWriter(KubernetesClient client, KubeCaches caches, WrittenVersions written) {
        this.client = client;
        this.caches = caches;
        this.written = written;
    }

    public void apply(Plan plan) {
        plan.serviceRevisions().forEach((name, revision) -> {
            Service service = caches.service(plan.namespace(), name);
            if (service == null || selects(service, revision)) return;
            String since = Timestamps.format(plan.basis().now());
            Service saved = client.services().inNamespace(plan.namespace()).resource(service).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"" + Labels.SELECTED_SINCE + "\":\"" + since + "\"}},"
                            + "\"spec\":{\"selector\":{\"" + Labels.POD_TEMPLATE_HASH + "\":\"" + revision + "\",\""
                            + Labels.KULTA_TYPE + "\":null}}}");
            written.recordChild(plan.key(), "svc/" + name, saved.getMetadata().getResourceVersion());
        });
    }

    private static boolean selects(Service service, String revision) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        return selector != null && revision.equals(selector.get(Labels.POD_TEMPLATE_HASH)) && !selector.containsKey(Labels.KULTA_TYPE);
    }
}
