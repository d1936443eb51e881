package io.kulta.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code lint FILE...}: offline, no cluster; exit 1 if any file has an error. */
@Command(name = "lint", description = "Check manifests offline with the CRD schema and the controller's validator; exit 1 on any error")
final class LintCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*")
    List<Path> files;

    private final Cli cli;

    LintCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        Linter linter = new Linter();
        int errors = 0;
        for (Path file : files) {
            List<String> problems;
            try {
                problems = linter.lint(file.toString(), Files.readString(file));
            } catch (IOException e) {
                problems = List.of(file + ": cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
            problems.forEach(cli.out()::println);
            if (problems.isEmpty()) cli.out().println(file + ": ok");
            errors += problems.size();
        }
        cli.out().println(errors + (errors == 1 ? " error" : " errors") + " in " + files.size() + (files.size() == 1 ? " file" : " files"));
        return errors == 0 ? Cli.OK : Cli.FAILED;
    }
}
