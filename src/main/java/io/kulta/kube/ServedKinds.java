package io.kulta.kube;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Whether the API server serves a kind, asked until it answers. fabric8's {@code supports} asks discovery once and a
 * 429, a 5xx or a dropped connection fails the controller's start; here those are asked again, with a backoff from
 * 100 ms doubling to 2 s, for as long as {@code patience} allows. A 404 for the group version means "not served".
 */
public final class ServedKinds {
    private static final Logger LOG = LoggerFactory.getLogger(ServedKinds.class);
    private static final Duration FIRST_WAIT = Duration.ofMillis(100);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final Duration patience;

    public ServedKinds(KubernetesClient client, Duration patience) {
        this.client = client;
        this.patience = patience;
    }

    /** @throws IllegalStateException when discovery refuses for good (401, 403, ...) or stays unanswered past the patience */
    public boolean serves(Class<? extends HasMetadata> type) {
        String groupVersion = HasMetadata.getApiVersion(type);
        String kind = HasMetadata.getKind(type);
        Backoff backoff = new Backoff(patience, FIRST_WAIT, LONGEST_WAIT);
        while (true) {
            try {
                APIResourceList served = client.getApiResources(groupVersion);
                return served != null && served.getResources().stream().anyMatch(r -> kind.equals(r.getKind()));
            } catch (KubernetesClientException e) {
                if (!passes(e)) {
                    throw new IllegalStateException("asking the API server whether it serves " + kind + " (" + groupVersion
                            + ") was refused: HTTP " + e.getCode() + " " + e.getMessage(), e);
                }
                if (!backoff.fits()) {
                    throw new IllegalStateException("the API server did not say whether it serves " + kind + " (" + groupVersion
                            + ") in " + patience.toSeconds() + " s, " + backoff.attempts() + " attempts; last answer: HTTP "
                            + e.getCode() + " " + e.getMessage(), e);
                }
                LOG.warn("discovery of {} failed (HTTP {}: {}), attempt {}: asking again in {} ms",
                        groupVersion, e.getCode(), e.getMessage(), backoff.attempts(), backoff.nextWaitMillis());
                try {
                    backoff.pause();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while asking the API server what it serves", interrupted);
                }
            }
        }
    }

    /** No answer (code 0 or -1), 429 and 5xx pass by themselves. */
    private static boolean passes(KubernetesClientException e) {
        int code = e.getCode();
        return code <= 0 || code == 429 || code >= 500;
    }
}
