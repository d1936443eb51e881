package io.kulta;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kulta.kube.Backoff;
import io.kulta.model.Rollout;

import java.time.Duration;

/** Before anything starts: can we reach the API server, and does it serve Rollouts to us? */
final class ClusterCheck {
    /** @param passing an answer that may change by itself (429, 5xx), worth asking again */
    record Result(boolean ok, String message, boolean passing) {
        Result(boolean ok, String message) {
            this(ok, message, false);
        }
    }

    private ClusterCheck() {
    }

    /** How long an API server that answers 429 or 5xx is asked again before start-up gives up. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    static Result verify(KubernetesClient client, String namespace) {
        return verify(client, namespace, PATIENCE);
    }

    /**
     * A 429 or a 5xx (an API server starting, overloaded or between etcd leaders) is asked again, from 200 ms doubling
     * to 5 s, for up to {@code patience}; no answer at all is not: the playground and a wrong kubeconfig are told at once.
     */
    static Result verify(KubernetesClient client, String namespace, Duration patience) {
        Backoff backoff = new Backoff(patience, Duration.ofMillis(200), Duration.ofSeconds(5));
        while (true) {
            Result result = verifyOnce(client, namespace);
            if (result.ok() || !result.passing() || !backoff.fits()) {
                return backoff.attempts() == 1 || result.ok() ? result
                        : new Result(false, result.message() + " (" + backoff.attempts() + " attempts in " + patience.toSeconds() + " s)");
            }
            try {
                backoff.pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result;
            }
        }
    }

    private static Result verifyOnce(KubernetesClient client, String namespace) {
        String server = client.getConfiguration().getMasterUrl();
        var quick = new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(5_000).withRequestTimeout(10_000).build();
        try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(quick).build()) {
            // as stored, not as the model reads them: a Rollout it cannot read is reported on that Rollout, and the API is fine
            var rollouts = probe.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(Rollout.class));
            var options = new ListOptionsBuilder().withLimit(1L).build();
            if (namespace == null || namespace.isBlank()) rollouts.inAnyNamespace().list(options);
            else rollouts.inNamespace(namespace).list(options);
            return new Result(true, "ok");
        } catch (KubernetesClientException e) {
            if (e.getCode() <= 0 && isParseError(e))
                return new Result(false, "the API server " + server + " answered a list of Rollouts with what is no Kubernetes list ("
                        + rootCause(e) + ")");
            if (e.getCode() <= 0)   // no HTTP answer at all
                return new Result(false, "cannot reach a Kubernetes API server at " + server + " (" + rootCause(e)
                        + "); point KULTA at a cluster with KUBECONFIG=/path/to/kubeconfig (default ~/.kube/config) or run it in a Pod with a ServiceAccount");
            return switch (e.getCode()) {
                case 404 -> new Result(false, "the Rollout CRD (rollouts.kulta.io) is not installed on " + server
                        + "; install it with: kubectl apply -f deploy/crd.yaml");
                case 401, 403 -> new Result(false, "the API server " + server + " refused to list Rollouts (HTTP " + e.getCode()
                        + "); grant the controller's identity the ClusterRole in deploy/rbac.yaml");
                default -> new Result(false, "the API server " + server + " answered HTTP " + e.getCode() + " to a list of Rollouts ("
                        + rootCause(e) + ")", e.getCode() == 429 || e.getCode() >= 500);
            };
        }
    }

    private static boolean isParseError(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause())
            if (t instanceof com.fasterxml.jackson.core.JacksonException) return true;
        return false;
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\n', ' ');
    }
}
