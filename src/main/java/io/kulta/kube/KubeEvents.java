package io.kulta.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kulta.core.RolloutEvent;
import io.kulta.core.Timestamps;
import io.kulta.model.Rollout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Records rollout events as Kubernetes Events on the Rollout, so {@code kubectl describe rollout} shows them. */
public final class KubeEvents {
    private static final Logger LOG = LoggerFactory.getLogger(KubeEvents.class);
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final String instance;

    public KubeEvents(KubernetesClient client, String instance) {
        this.client = client;
        this.instance = instance;
    }

    /** Writes the event's Kubernetes Event; a refused write throws, for the sink's retries. */
    public void create(RolloutEvent e) {
        client.v1().events().inNamespace(e.namespace()).resource(event(e.namespace(), e.rollout(), e.uid(), e.reason(),
                e.message(), e.type(), e.time())).create();
    }

    /** A Warning Event on the Rollout that is no transition of it (a write the API server refused). Never throws. */
    public void warning(Rollout rollout, String reason, String message, Instant time) {
        write(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName(), rollout.getMetadata().getUid(),
                reason, message, "Warning", Timestamps.format(time));
    }

    private void write(String namespace, String rollout, String uid, String reason, String text, String type, String time) {
        try {
            client.v1().events().inNamespace(namespace).resource(event(namespace, rollout, uid, reason, text, type, time)).create();
        } catch (KubernetesClientException ex) {
            LOG.warn("could not record event {} on rollout {}/{}: {}", reason, namespace, rollout, ex.getMessage());
        }
    }

    private Event event(String namespace, String rollout, String uid, String reason, String text, String type, String time) {
        String message = text == null ? "" : text;
        if (message.length() > MAX_MESSAGE) message = message.substring(0, MAX_MESSAGE - 1) + "…";
        return new EventBuilder()
                .withNewMetadata()
                .withName(rollout + "." + Long.toHexString(System.nanoTime()) + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000)))
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(Rollout.API_VERSION).withKind("Rollout")
                        .withNamespace(namespace).withName(rollout).withUid(uid).build())
                .withReason(reason)
                .withMessage(message)
                .withType(type)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .withNewSource().withComponent("kulta-controller").endSource()
                .withReportingComponent("kulta.io/controller")
                .withReportingInstance(instance)
                .build();
    }
}
