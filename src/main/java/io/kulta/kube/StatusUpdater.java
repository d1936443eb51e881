package io.kulta.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

/**
 * Writes a Rollout's status through the status subresource, carrying the resourceVersion it was
 * decided on (a stale one is a 409), and remembers the version written so stale cache reads are skipped.
 */
public final class StatusUpdater {
    private final KubernetesClient client;
    private final WrittenVersions written;
    private final ObjectMapper json = new ObjectMapper();

    public StatusUpdater(KubernetesClient client, WrittenVersions written) {
        this.client = client;
        this.written = written;
    }

    /** @param read the Rollout as read (never modified); @return the Rollout as saved */
    public Rollout write(Rollout read, RolloutStatus status, String resourceVersion) {
        Rollout update = json.convertValue(read, Rollout.class);
        update.getMetadata().setResourceVersion(resourceVersion);
        update.setStatus(status);
        Rollout saved = client.resources(Rollout.class).inNamespace(read.getMetadata().getNamespace()).resource(update).updateStatus();
        written.record(read.getMetadata().getNamespace() + "/" + read.getMetadata().getName(), saved.getMetadata().getResourceVersion());
        return saved;
    }
}
