package io.kulta.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kulta.core.Annotations;
import io.kulta.model.Rollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;

/**
 * {@code promote}, {@code abort}, {@code retry}: the annotation the controller acts on (SPEC §3, §6), set with a merge
 * patch of the Rollout's annotations only — so a Role with {@code patch} on rollouts is enough, and nothing else
 * the user or the controller wrote is touched. The controller removes the annotation once it has acted on it.
 */
abstract class AnnotateCommand extends ClusterCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    private final String annotation;
    private final String done;

    AnnotateCommand(Cli cli, String annotation, String done) {
        super(cli);
        this.annotation = annotation;
        this.done = done;
    }

    String value() {
        return "true";
    }

    String done() {
        return done;
    }

    @Override
    int run(KubernetesClient client) {
        Rollout rollout = rollout(client, name);
        if (rollout == null) return Cli.FAILED;
        doing("patch", "rollouts.kulta.io", "rollout " + name);
        String patch = io.fabric8.kubernetes.client.utils.Serialization.asJson(
                Map.of("metadata", Map.of("annotations", Map.of(annotation, value()))));
        client.resources(Rollout.class).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        cli.out().println("rollout " + name + " " + done() + " (" + annotation + "=" + value() + ")");
        return Cli.OK;
    }

    @Command(name = "promote", description = "Release a pause: one step, or --full to completion; promote a blue-green preview or an A/B winner")
    static final class Promote extends AnnotateCommand {
        @Option(names = "--full", description = "skip the remaining steps and complete the rollout")
        boolean full;

        Promote(Cli cli) {
            super(cli, Annotations.PROMOTE, "promoted");
        }

        @Override
        String value() {
            return full ? "full" : "true";
        }

        @Override
        String done() {
            return full ? "promoted to completion" : "promoted";
        }
    }

    @Command(name = "abort", description = "All traffic back to the stable revision, the new one scaled to 0 (phase Aborted)")
    static final class Abort extends AnnotateCommand {
        Abort(Cli cli) {
            super(cli, Annotations.ABORT, "aborted");
        }
    }

    @Command(name = "retry", description = "Start the steps of an aborted or failed revision again")
    static final class Retry extends AnnotateCommand {
        Retry(Cli cli) {
            super(cli, Annotations.RETRY, "retried");
        }
    }
}
