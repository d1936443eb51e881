package io.kulta.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kulta.core.RolloutEvent;
import io.kulta.model.Rollout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /** Never throws: an Event that cannot be written is logged and dropped. */
    public void record(RolloutEvent e) {
        String message = e.message() == null ? "" : e.message();
        if (message.length() > MAX_MESSAGE) message = message.substring(0, MAX_MESSAGE - 1) + "…";
        var event = new EventBuilder()
                .withNewMetadata()
                .withName(e.rollout() + "." + Long.toHexString(System.nanoTime()) + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000)))
                .withNamespace(e.namespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(Rollout.API_VERSION).withKind("Rollout")
                        .withNamespace(e.namespace()).withName(e.rollout()).withUid(e.uid()).build())
                .withReason(e.reason())
                .withMessage(message)
                .withType(e.type())
                .withFirstTimestamp(e.time())
                .withLastTimestamp(e.time())
                .withCount(1)
                .withNewSource().withComponent("kulta-controller").endSource()
                .withReportingComponent("kulta.io/controller")
                .withReportingInstance(instance)
                .build();
        try {
            client.v1().events().inNamespace(e.namespace()).resource(event).create();
        } catch (KubernetesClientException ex) {
            LOG.warn("could not record event {} on rollout {}/{}: {}", e.reason(), e.namespace(), e.rollout(), ex.getMessage());
        }
    }
}
