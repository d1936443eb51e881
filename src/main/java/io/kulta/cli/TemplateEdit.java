package io.kulta.cli;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.Rollout;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Replaces a Rollout's spec.template: a JSON patch guarded by a {@code test} of the resourceVersion it was read at, so
 * a concurrent change is never lost. The controller's status writes move the resourceVersion all the time, so a
 * failed test reads the Rollout again and applies the change to the fresh template (a few times, then the error goes
 * to the user). The new template is a new revision, which the controller rolls out by the Rollout's strategy.
 */
final class TemplateEdit {
    private TemplateEdit() {
    }

    static final int ATTEMPTS = 5;

    /** @param change the new template from (a copy of) the current one */
    static void apply(KubernetesClient client, Rollout read, UnaryOperator<PodTemplateSpec> change) {
        Rollout current = read;
        for (int attempt = 1; ; attempt++) {
            String patch = Serialization.asJson(List.of(
                    Map.of("op", "test", "path", "/metadata/resourceVersion", "value", current.getMetadata().getResourceVersion()),
                    Map.of("op", "replace", "path", "/spec/template", "value", change.apply(copy(current.getSpec().template)))));
            var rollout = client.resources(Rollout.class).withName(read.getMetadata().getName());
            try {
                rollout.patch(PatchContext.of(PatchType.JSON), patch);
                return;
            } catch (KubernetesClientException e) {
                if (attempt == ATTEMPTS || e.getCode() != 409 && e.getCode() != 422) throw e;
                String tested = current.getMetadata().getResourceVersion();
                current = rollout.get();
                // a 422 on the same resourceVersion is the API refusing the template itself, not a failed test
                if (current == null || e.getCode() == 422 && tested.equals(current.getMetadata().getResourceVersion())) throw e;
            }
        }
    }

    static PodTemplateSpec copy(PodTemplateSpec template) {
        return Serialization.clone(template);
    }
}
