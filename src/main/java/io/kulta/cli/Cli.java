package io.kulta.cli;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a verb needs from the world: where to print, whether that is a terminal (colour, redraws), and how to get a
 * client for the user's kubeconfig (context, namespace) — the user's identity and rights, never the controller's.
 */
public record Cli(PrintStream out, PrintStream err, boolean tty, Clients clients) {
    /** Connects as kubectl does: this kubeconfig file (null: KUBECONFIG or ~/.kube/config), context and namespace (null: the context's). */
    @FunctionalInterface
    public interface Clients {
        KubernetesClient connect(Path kubeconfig, String context, String namespace);
    }

    /** Exit codes of every verb. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int TIMEOUT = 2;
    public static final int USAGE = 64;

    public KubernetesClient client(Path kubeconfig, String context, String namespace) {
        return clients.connect(kubeconfig, context, namespace);
    }

    /** One line on stderr, prefixed like every CLI message. */
    public void error(String line) {
        err.println("kulta: " + line);
    }
}
