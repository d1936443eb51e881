package io.kulta.cli;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.core.Labels;
import io.kulta.core.RevisionHash;
import io.kulta.model.Rollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The verbs that change spec.template: {@code undo}, {@code restart}, {@code set image}. */
final class TemplateCommands {
    /** Set in the pod template by {@code restart}, as kubectl rollout restart sets kubectl.kubernetes.io/restartedAt. */
    static final String RESTARTED_AT = "kulta.io/restartedAt";

    private TemplateCommands() {
    }

    @Command(name = "undo", description = "Roll back to the previous revision (or --to-revision N of the ReplicaSet history shown by get rollout)")
    static final class Undo extends ClusterCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--to-revision", paramLabel = "N", description = "the revision number shown by get rollout (1 = oldest kept)")
        Integer toRevision;

        Undo(Cli cli) {
            super(cli);
        }

        @Override
        int run(KubernetesClient client) {
            Rollout rollout = rollout(client, name);
            if (rollout == null) return Cli.FAILED;
            RolloutView view = RolloutReader.read(client, rollout, this);
            String current = RevisionHash.of(rollout.getSpec().template);
            List<ReplicaSet> sets = view.replicaSets();
            ReplicaSet target;
            if (toRevision != null) {
                target = view.revision(toRevision).orElse(null);
                if (target == null) {
                    cli.error("rollout " + name + " has no revision " + toRevision + " (it keeps " + sets.size()
                            + "); see them with: kubectl kulta get rollout " + name);
                    return Cli.FAILED;
                }
            } else {
                target = sets.stream().filter(rs -> !current.equals(RolloutView.revisionOf(rs))).reduce((a, b) -> b).orElse(null);
                if (target == null) {
                    cli.error("rollout " + name + " has no previous revision to go back to (revisionHistoryLimit keeps the old ReplicaSets)");
                    return Cli.FAILED;
                }
            }
            String revision = RolloutView.revisionOf(target);
            if (current.equals(revision)) {
                cli.out().println("rollout " + name + " already runs revision " + revision + "; nothing to undo");
                return Cli.OK;
            }
            doing("patch", "rollouts.kulta.io", "rollout " + name);
            PodTemplateSpec old = templateOf(target);
            TemplateEdit.apply(client, rollout, fresh -> old);
            cli.out().println("rollout " + name + " rolled back to revision " + (sets.indexOf(target) + 1) + " (" + revision + ", " + images(target) + ")"
                    + (revision.equals(RevisionHash.of(old)) ? "" : "; its ReplicaSet's template differs from the one it was made from"
                    + " (the API server's defaults), so it comes back as revision " + RevisionHash.of(old)));
            return Cli.OK;
        }

        /**
         * The template the ReplicaSet's revision was hashed from: its pod template without the labels the controller
         * added, and without the API server's defaults when that gives back the revision's hash.
         */
        static PodTemplateSpec templateOf(ReplicaSet rs) {
            PodTemplateSpec labelled = withoutControllerLabels(rs);
            PodTemplateSpec undefaulted = ServerDefaults.without(labelled);
            return RevisionHash.of(undefaulted).equals(RolloutView.revisionOf(rs)) ? undefaulted : labelled;
        }

        private static PodTemplateSpec withoutControllerLabels(ReplicaSet rs) {
            PodTemplateSpec template = TemplateEdit.copy(rs.getSpec().getTemplate());
            ObjectMeta meta = template.getMetadata();
            if (meta != null && meta.getLabels() != null) {
                Map<String, String> labels = new HashMap<>(meta.getLabels());
                labels.remove(Labels.POD_TEMPLATE_HASH);
                labels.remove(Labels.ROLLOUT);
                labels.remove(Labels.MANAGED);
                meta.setLabels(labels);
            }
            return template;
        }

        private static String images(ReplicaSet rs) {
            return String.join(", ", rs.getSpec().getTemplate().getSpec().getContainers().stream().map(Container::getImage).toList());
        }
    }

    @Command(name = "restart", description = "New pods for the current template (annotation kulta.io/restartedAt), rolled out by the strategy")
    static final class Restart extends ClusterCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        private final Clock clock;

        Restart(Cli cli, Clock clock) {
            super(cli);
            this.clock = clock;
        }

        @Override
        int run(KubernetesClient client) {
            Rollout rollout = rollout(client, name);
            if (rollout == null) return Cli.FAILED;
            String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
            doing("patch", "rollouts.kulta.io", "rollout " + name);
            TemplateEdit.apply(client, rollout, template -> {
                if (template.getMetadata() == null) template.setMetadata(new ObjectMeta());
                Map<String, String> annotations = template.getMetadata().getAnnotations() == null
                        ? new HashMap<>() : new HashMap<>(template.getMetadata().getAnnotations());
                annotations.put(RESTARTED_AT, now);
                template.getMetadata().setAnnotations(annotations);
                return template;
            });
            cli.out().println("rollout " + name + " restarted (" + RESTARTED_AT + "=" + now + ")");
            return Cli.OK;
        }
    }

    @Command(name = "set", description = "Change the Rollout's template", synopsisSubcommandLabel = "image")
    static final class Set {
    }

    @Command(name = "image", description = "Set the image of a container: set image NAME CONTAINER=IMAGE")
    static final class SetImage extends ClusterCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "CONTAINER=IMAGE")
        String assignment;

        SetImage(Cli cli) {
            super(cli);
        }

        @Override
        int run(KubernetesClient client) {
            int eq = assignment.indexOf('=');
            if (eq < 1 || eq == assignment.length() - 1) {
                cli.error("expected CONTAINER=IMAGE, got '" + assignment + "'; e.g. kubectl kulta set image " + name + " shop=ghcr.io/example/shop:2.0.0");
                return Cli.USAGE;
            }
            String container = assignment.substring(0, eq);
            String image = assignment.substring(eq + 1);
            Rollout rollout = rollout(client, name);
            if (rollout == null) return Cli.FAILED;
            List<Container> containers = rollout.getSpec().template.getSpec() == null ? List.of() : rollout.getSpec().template.getSpec().getContainers();
            Container target = containers.stream().filter(c -> container.equals(c.getName())).findFirst().orElse(null);
            if (target == null) {
                cli.error("rollout " + name + " has no container '" + container + "'; its containers: "
                        + String.join(", ", containers.stream().map(Container::getName).toList()));
                return Cli.FAILED;
            }
            if (image.equals(target.getImage())) {
                cli.out().println("rollout " + name + ": container " + container + " already runs " + image);
                return Cli.OK;
            }
            doing("patch", "rollouts.kulta.io", "rollout " + name);
            TemplateEdit.apply(client, rollout, template -> {
                template.getSpec().getContainers().stream().filter(c -> container.equals(c.getName())).forEach(c -> c.setImage(image));
                return template;
            });
            cli.out().println("rollout " + name + ": container " + container + " set to " + image);
            return Cli.OK;
        }
    }
}
