package io.kulta.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code promote}, {@code abort}, {@code retry}: the {@link RolloutActions} on a Rollout that exists. */
abstract class AnnotateCommand extends ClusterCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    AnnotateCommand(Cli cli) {
        super(cli);
    }

    abstract RolloutActions action();

    @Override
    int run(KubernetesClient client) {
        if (rollout(client, name) == null) return Cli.FAILED;
        doing("patch", "rollouts.kulta.io", "rollout " + name);
        cli.out().println(action().apply(client, client.getNamespace(), name));
        return Cli.OK;
    }

    @Command(name = "promote", description = "Release a pause: one step, or --full to completion; promote a blue-green preview or an A/B winner")
    static final class Promote extends AnnotateCommand {
        @Option(names = "--full", description = "skip the remaining steps and complete the rollout")
        boolean full;

        Promote(Cli cli) {
            super(cli);
        }

        @Override
        RolloutActions action() {
            return full ? RolloutActions.PROMOTE_FULL : RolloutActions.PROMOTE;
        }
    }

    @Command(name = "abort", description = "All traffic back to the stable revision, the new one scaled to 0 (phase Aborted)")
    static final class Abort extends AnnotateCommand {
        Abort(Cli cli) {
            super(cli);
        }

        @Override
        RolloutActions action() {
            return RolloutActions.ABORT;
        }
    }

    @Command(name = "retry", description = "Start the steps of an aborted or failed revision again")
    static final class Retry extends AnnotateCommand {
        Retry(Cli cli) {
            super(cli);
        }

        @Override
        RolloutActions action() {
            return RolloutActions.RETRY;
        }
    }
}
