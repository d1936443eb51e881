package io.kulta.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.model.Rollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Optional;

/** {@code get rollout NAME [--watch]} and {@code get rollouts [-A]}. */
@Command(name = "get", description = "Show a Rollout as a tree, or list Rollouts", synopsisSubcommandLabel = "(rollout NAME | rollouts)")
final class GetCommand {
    private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

    @Command(name = "rollout", aliases = "ro", description = "The Rollout, its revisions, ReplicaSets, route rules, analysis and experiment")
    static final class One extends ClusterCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = {"-w", "--watch"}, description = "redraw on every change (from a watch) until Ctrl-C")
        boolean watch;

        One(Cli cli) {
            super(cli);
        }

        @Override
        int run(KubernetesClient client) {
            Rollout rollout = rollout(client, name);
            if (rollout == null) return Cli.FAILED;
            Style style = new Style(cli.tty());
            if (!watch) {
                cli.out().print(RolloutTree.render(RolloutReader.read(client, rollout, this), style));
                return Cli.OK;
            }
            doing("watch", "rollouts.kulta.io", "rollout " + name);
            try (RolloutWatch w = new RolloutWatch(client, name, true)) {
                String shown = null;
                while (true) {
                    Optional<RolloutView> view = w.view();
                    String text = view.map(v -> RolloutTree.render(v, style)).orElse("rollout " + name + " was deleted\n");
                    if (!text.equals(shown)) {
                        cli.out().print(cli.tty() ? CLEAR_SCREEN + text : (shown == null ? "" : "\n") + text);
                        cli.out().flush();
                        shown = text;
                    }
                    if (view.isEmpty()) return Cli.OK;
                    w.await(Long.MAX_VALUE);
                }
            } catch (InterruptedException stopped) {
                return Cli.OK;
            }
        }
    }

    @Command(name = "rollouts", aliases = "ros", description = "Every Rollout of the namespace (-A: of all namespaces)")
    static final class All extends ClusterCommand {
        @Option(names = {"-A", "--all-namespaces"}, description = "list the Rollouts of every namespace")
        boolean allNamespaces;

        All(Cli cli) {
            super(cli);
        }

        @Override
        int run(KubernetesClient client) {
            doing("list", "rollouts.kulta.io", "rollouts");
            var op = client.resources(Rollout.class);
            List<Rollout> items = allNamespaces ? op.inAnyNamespace().list().getItems() : op.list().getItems();
            cli.out().print(RolloutTable.render(items, allNamespaces));
            return Cli.OK;
        }
    }
}
