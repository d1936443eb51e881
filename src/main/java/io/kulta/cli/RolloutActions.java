package io.kulta.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.core.Annotations;
import io.kulta.model.Rollout;

import java.util.Map;
import java.util.Optional;

/**
 * promote, promote --full, abort and retry, from the CLI and the dashboard's buttons: each sets the annotation the controller acts on (SPEC §3, §6) with a merge patch of the
 * Rollout's annotations only — so a Role with {@code patch} on rollouts is enough, and nothing else the user or the
 * controller wrote is touched — with the user's client and rights. The controller removes the annotation once it has acted.
 */
public enum RolloutActions {
    PROMOTE("promote", Annotations.PROMOTE, "true", "promoted"),
    PROMOTE_FULL("promote-full", Annotations.PROMOTE, "full", "promoted to completion"),
    ABORT("abort", Annotations.ABORT, "true", "aborted"),
    RETRY("retry", Annotations.RETRY, "true", "retried");

    final String path;
    final String annotation;
    final String value;
    final String done;

    RolloutActions(String path, String annotation, String value, String done) {
        this.path = path;
        this.annotation = annotation;
        this.value = value;
        this.done = done;
    }

    public static Optional<RolloutActions> named(String path) {
        for (RolloutActions a : values()) if (a.path.equals(path)) return Optional.of(a);
        return Optional.empty();
    }

    /** Patches the annotation; throws the API's refusal as fabric8 reports it. Returns what was done, in one line. */
    public String apply(KubernetesClient client, String namespace, String name) {
        String patch = Serialization.asJson(Map.of("metadata", Map.of("annotations", Map.of(annotation, value))));
        var rollouts = client.resources(Rollout.class);
        (namespace == null ? rollouts.withName(name) : rollouts.inNamespace(namespace).withName(name))
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        return "rollout " + name + " " + done + " (" + annotation + "=" + value + ")";
    }
}
