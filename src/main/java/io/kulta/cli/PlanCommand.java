package io.kulta.cli;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.Rollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code plan FILE}: the timeline of each Rollout in the file, offline; a file that does not lint prints its errors, exit 1. */
@Command(name = "plan", description = "The rollout's timeline before you apply it: steps, weights, replica split, pauses, gates, writes")
final class PlanCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE")
    Path file;

    private final Cli cli;

    PlanCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            cli.error("cannot read " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return Cli.FAILED;
        }
        List<String> problems = new Linter().lint(file.toString(), text);
        if (!problems.isEmpty()) {
            problems.forEach(cli.err()::println);
            cli.error(file + " has " + problems.size() + " error(s); fix them first (kubectl kulta lint " + file + ")");
            return Cli.FAILED;
        }
        int shown = 0;
        try {
            for (YamlDocuments.Document doc : YamlDocuments.parse(text)) {
                if (!"Rollout".equals(doc.tree().path("kind").asText())) continue;
                if (shown++ > 0) cli.out().println();
                cli.out().print(RolloutPlan.render(Serialization.jsonMapper().treeToValue(doc.tree(), Rollout.class)));
            }
        } catch (IOException e) {
            cli.error("cannot read " + file + ": " + e.getMessage());
            return Cli.FAILED;
        }
        if (shown == 0) {
            cli.error(file + " has no Rollout");
            return Cli.FAILED;
        }
        return Cli.OK;
    }
}
