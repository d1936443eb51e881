package io.kulta.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kulta.core.Cleanup;
import io.kulta.core.Observation;
import io.kulta.model.Rollout;

import java.util.List;

/**
 * Adds and removes the finalizer {@value Cleanup#FINALIZER} on a Rollout with JSON patches that touch nothing else:
 * the add is guarded by the resourceVersion it read, the removal by a test of the very entry it removes (so another
 * controller's finalizers and every other field stay as they are). A conflict fails the reconcile, which is retried
 * on fresh data.
 */
public final class Finalizers {
    private final KubernetesClient client;
    private final WrittenVersions written;
    private final ObjectMapper json = new ObjectMapper();

    public Finalizers(KubernetesClient client, WrittenVersions written) {
        this.client = client;
        this.written = written;
    }

    /** Its update event brings the Rollout back to be planned, now held by the finalizer. */
    public void add(Observation o) {
        Rollout rollout = o.rollout();
        List<String> finalizers = rollout.getMetadata().getFinalizers();
        ArrayNode ops = json.createArrayNode();
        ops.addObject().put("op", "test").put("path", "/metadata/resourceVersion").put("value", rollout.getMetadata().getResourceVersion());
        if (finalizers == null || finalizers.isEmpty())
            ops.addObject().put("op", "add").put("path", "/metadata/finalizers").putArray("value").add(Cleanup.FINALIZER);
        else
            ops.addObject().put("op", "add").put("path", "/metadata/finalizers/-").put("value", Cleanup.FINALIZER);
        record(rollout, patch(rollout, ops));
    }

    /** The API server then deletes the Rollout (its ReplicaSets follow by garbage collection). Gone already: done. */
    public void remove(Observation o) {
        Rollout rollout = o.rollout();
        int index = rollout.getMetadata().getFinalizers().indexOf(Cleanup.FINALIZER);
        if (index < 0) return;
        ArrayNode ops = json.createArrayNode();
        ops.addObject().put("op", "test").put("path", "/metadata/finalizers/" + index).put("value", Cleanup.FINALIZER);
        ops.addObject().put("op", "remove").put("path", "/metadata/finalizers/" + index);
        try {
            record(rollout, patch(rollout, ops));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) throw e;
        }
        // the removal deleted it: the cached copy, still held, must not be cleaned up (and announced) a second time
        written.recordNewerThan(key(rollout), rollout.getMetadata().getResourceVersion());
    }

    private Rollout patch(Rollout rollout, ArrayNode ops) {
        return client.resources(Rollout.class)
                .resource(PatchTarget.named(Rollout::new, rollout.getMetadata().getNamespace(), rollout.getMetadata().getName()))
                .patch(PatchContext.of(PatchType.JSON), ops.toString());
    }

    /** A cached copy older than this write is skipped, so the same decision is not made twice. */
    private void record(Rollout read, Rollout saved) {
        if (saved != null && saved.getMetadata() != null) written.record(key(read), saved.getMetadata().getResourceVersion());
    }

    private static String key(Rollout r) {
        return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }
}
