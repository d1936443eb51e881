package io.kulta.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** An API error as one line that says what went wrong and how to fix it. */
public final class ApiErrors {
    private ApiErrors() {
    }

    /**
     * @param verb     the API verb that failed (get, list, patch, watch)
     * @param resource the resource it was on, e.g. "rollouts.kulta.io", "replicasets.apps"
     * @param target   what it was about, e.g. "rollout shop"
     */
    public static String describe(KubernetesClientException e, KubernetesClient client, String verb, String resource, String target) {
        String server = client.getConfiguration().getMasterUrl();
        String namespace = client.getNamespace() == null ? "default" : client.getNamespace();
        return switch (e.getCode()) {
            case 404 -> e.getMessage() != null && e.getMessage().contains("the server could not find the requested resource")
                    ? "the Rollout CRD (rollouts.kulta.io) is not installed on " + server + "; install it with: kubectl apply -f deploy/crd.yaml"
                    : target + " not found in namespace " + namespace + "; list them with: kubectl kulta get rollouts -n " + namespace;
            case 401 -> "the API server " + server + " did not accept your credentials (HTTP 401); log in again or pick another context with --context";
            case 403 -> "you may not " + verb + " " + resource + " in namespace " + namespace + " (HTTP 403 Forbidden); ask your cluster admin for a Role with '"
                    + verb + "' on " + resource + " (check with: kubectl auth can-i " + verb + " " + resource + " -n " + namespace + ")";
            case 409 -> target + " changed while it was being written (HTTP 409); run the command again";
            case 422 -> reason(e).contains("/metadata/resourceVersion")
                    ? target + " changed while it was being written (its resourceVersion moved on); run the command again"
                    : "the API server rejected the change to " + target + " (HTTP 422): " + reason(e);
            default -> e.getCode() >= 500
                    ? "the API server " + server + " failed (HTTP " + e.getCode() + "): " + reason(e) + "; try again later"
                    : e.getCode() > 0 ? "the API server refused to " + verb + " " + target + " (HTTP " + e.getCode() + "): " + reason(e)
                    : "cannot reach a Kubernetes API server at " + server + " (" + rootCause(e)
                    + "); point KUBECONFIG at your cluster's kubeconfig (default ~/.kube/config) or pick a context with --context";
        };
    }

    private static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) return e.getStatus().getMessage().replace('\n', ' ');
        return rootCause(e);
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\n', ' ');
    }
}
