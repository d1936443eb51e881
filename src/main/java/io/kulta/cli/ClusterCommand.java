package io.kulta.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kulta.model.Rollout;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * A verb that talks to the cluster of the user's kubeconfig: one client for the whole verb, and any API error as
 * one line with its fix (the verb and resource of the request that failed) and exit code {@link Cli#FAILED}.
 */
abstract class ClusterCommand implements Callable<Integer> {
    @Option(names = {"-n", "--namespace"}, description = "namespace (default: the kubeconfig context's)")
    String namespace;

    @Option(names = "--context", description = "kubeconfig context (default: the current one)")
    String context;

    @Option(names = "--kubeconfig", description = "kubeconfig file (default: KUBECONFIG, else ~/.kube/config)")
    java.nio.file.Path kubeconfig;

    final Cli cli;
    /** What the next request does, for the error line if it fails. */
    private String verb = "get";
    private String resource = "rollouts.kulta.io";
    private String target = "the request";

    ClusterCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public final Integer call() throws Exception {
        try (KubernetesClient client = cli.client(kubeconfig, context, namespace)) {
            try {
                return run(client);
            } catch (KubernetesClientException e) {
                cli.error(ApiErrors.describe(e, client, verb, resource, target));
                return Cli.FAILED;
            }
        }
    }

    abstract int run(KubernetesClient client) throws Exception;

    /** Names the request about to be made. */
    void doing(String verb, String resource, String target) {
        this.verb = verb;
        this.resource = resource;
        this.target = target;
    }

    /** Reads the Rollout, or reports it missing (exit 1) by returning null. */
    Rollout rollout(KubernetesClient client, String name) {
        doing("get", "rollouts.kulta.io", "rollout " + name);
        Rollout r = client.resources(Rollout.class).withName(name).get();
        if (r == null) {
            String ns = client.getNamespace() == null ? "default" : client.getNamespace();
            cli.error("rollout " + name + " not found in namespace " + ns + "; list them with: kubectl kulta get rollouts -n " + ns);
        }
        return r;
    }
}
