package io.kulta.cli;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.Rollout;

import java.util.List;
import java.util.Map;

/**
 * Replaces a Rollout's spec.template as kubectl edits a Deployment's: a JSON patch guarded by a {@code test} of the
 * resourceVersion it was read at, so a concurrent change is a 409 ("run the command again"), never lost.
 * The new template is a new revision, which the controller rolls out by the Rollout's strategy.
 */
final class TemplateEdit {
    private TemplateEdit() {
    }

    static void replace(KubernetesClient client, Rollout read, PodTemplateSpec template) {
        String patch = Serialization.asJson(List.of(
                Map.of("op", "test", "path", "/metadata/resourceVersion", "value", read.getMetadata().getResourceVersion()),
                Map.of("op", "replace", "path", "/spec/template", "value", template)));
        client.resources(Rollout.class).withName(read.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON), patch);
    }

    static PodTemplateSpec copy(PodTemplateSpec template) {
        return Serialization.clone(template);
    }
}
