package io.kulta.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.dashboard.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.CountDownLatch;

/**
 * {@code dashboard [-A] [--port 3100]}: serves the dashboard on 127.0.0.1 with the user's kubeconfig and rights until
 * Ctrl-C. Reading needs list/watch on rollouts, replicasets and httproutes (and events, for the Events table); the
 * buttons need patch on rollouts.
 */
@Command(name = "dashboard", description = "A web page of the Rollouts you can see, live from watches, with promote/abort/retry buttons (127.0.0.1 only)")
final class DashboardCommand extends ClusterCommand {
    @Option(names = {"-A", "--all-namespaces"}, description = "every namespace you can list")
    boolean all;

    @Option(names = "--port", defaultValue = "3100", description = "port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    private final CountDownLatch stopped;

    DashboardCommand(Cli cli, CountDownLatch stopped) {
        super(cli);
        this.stopped = stopped;
    }

    @Override
    int run(KubernetesClient client) throws Exception {
        doing("watch", "rollouts.kulta.io", "the Rollouts");
        String ns = all ? null : client.getNamespace();
        try (DashboardServer server = DashboardServer.start(client, ns, port)) {
            cli.out().println("KULTA dashboard: " + server.url() + "  (" + (ns == null ? "all namespaces" : "namespace " + ns)
                    + "; Ctrl-C stops it)");
            cli.out().flush();
            stopped.await();
        }
        return Cli.OK;
    }
}
