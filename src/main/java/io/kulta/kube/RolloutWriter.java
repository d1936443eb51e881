package io.kulta.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kulta.core.Plan;
import io.kulta.core.RolloutEvent;
import io.kulta.core.Transition;
import io.kulta.metrics.StatusWriteCounters;
import io.kulta.model.Rollout;

import java.util.List;

/**
 * Writes to the Rollout itself: first removes the annotations the plan acted on (guarded by a test of
 * their values, so a promotion is never applied twice), then the status through the status subresource
 * with the resourceVersion it read. A conflict on a plain status write fails the reconcile, which is
 * retried on fresh data. Once an annotation is gone, though, fresh data no longer shows it, so a 409 on
 * the status that acts on it re-reads the Rollout and writes the same status again, as long as nobody
 * else has changed the status meanwhile: the promotion is applied once and not lost. A status that only reports
 * counters waits for its {@link StatusPacing}. Returns the rollout events of the plan once — and only if — the status
 * write succeeded.
 */
public final class RolloutWriter {
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final StatusUpdater statuses;
    private final RolloutEvents events;
    private final StatusPacing pacing;
    private final StatusWriteCounters counted;
    private final ObjectMapper json = new ObjectMapper();

    public RolloutWriter(KubernetesClient client, StatusUpdater statuses, RolloutEvents events, StatusPacing pacing,
                         StatusWriteCounters counted) {
        this.client = client;
        this.statuses = statuses;
        this.events = events;
        this.pacing = pacing;
        this.counted = counted;
    }

    public List<RolloutEvent> apply(Plan plan) {
        Rollout rollout = plan.basis().rollout();
        String resourceVersion = rollout.getMetadata().getResourceVersion();
        if (!plan.consumed().isEmpty()) resourceVersion = removeAnnotations(plan, resourceVersion);
        if (json.valueToTree(plan.status()).equals(json.valueToTree(rollout.getStatus()))) return List.of();
        String key = plan.key();
        boolean decisionsAlike = plan.consumed().isEmpty() && plan.transitions().isEmpty();
        String strategy = plan.basis().strategy();
        if (decisionsAlike && pacing.defers(key, rollout.getStatus(), plan.status(), !"simple".equals(strategy))) return List.of();

        Rollout saved = plan.consumed().isEmpty() ? statuses.write(rollout, plan.status(), resourceVersion)
                : writeActingOnRemovedAnnotations(plan, resourceVersion);
        pacing.wrote(key);
        counted.wrote(decisionsAlike && pacing.observationsOnly(rollout.getStatus(), plan.status()), plan.status().phase);
        return plan.transitions().stream().map((Transition t) -> events.of(saved, strategy, t)).toList();
    }

    private Rollout writeActingOnRemovedAnnotations(Plan plan, String resourceVersion) {
        Rollout read = plan.basis().rollout();
        for (int attempt = 1; ; attempt++) {
            try {
                return statuses.write(read, plan.status(), read == plan.basis().rollout() ? resourceVersion
                        : read.getMetadata().getResourceVersion());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) throw e;
                Rollout fresh = client.resources(Rollout.class).inNamespace(plan.namespace()).withName(plan.name()).get();
                boolean statusUnchanged = fresh != null
                        && json.valueToTree(fresh.getStatus()).equals(json.valueToTree(plan.basis().rollout().getStatus()));
                if (!statusUnchanged) throw e;
                read = fresh;
            }
        }
    }

    private String removeAnnotations(Plan plan, String resourceVersion) {
        ArrayNode ops = json.createArrayNode();
        ops.addObject().put("op", "test").put("path", "/metadata/resourceVersion").put("value", resourceVersion);
        var annotations = plan.basis().rollout().getMetadata().getAnnotations();
        for (String name : plan.consumed()) {
            String path = "/metadata/annotations/" + name.replace("~", "~0").replace("/", "~1");
            ops.addObject().put("op", "test").put("path", path).put("value", annotations.get(name));
            ops.addObject().put("op", "remove").put("path", path);
        }
        Rollout patched = client.resources(Rollout.class).resource(PatchTarget.named(Rollout::new, plan.namespace(), plan.name()))
                .patch(PatchContext.of(PatchType.JSON), ops.toString());
        return patched.getMetadata().getResourceVersion();
    }
}
