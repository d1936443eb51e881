package io.kulta.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The kubectl-kulta verbs ({@code kubectl kulta get rollout shop}, or {@code java -jar kulta.jar get rollout shop}),
 * parsed by picocli. Exit codes: 0 done, 1 failed (an API error, a Rollout that failed or aborted, lint errors),
 * 2 status timed out, 64 a command line it cannot use.
 */
@Command(name = "kubectl kulta",
        description = "Inspect and steer KULTA Rollouts with your kubeconfig and your rights",
        footer = {"", "Exit codes: 0 done, 1 failed (API error, rollout Failed/Aborted, lint errors), 2 status timed out, 64 bad command line", ""})
public final class KultaCli {
    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, scope = picocli.CommandLine.ScopeType.INHERIT, description = "this help; every verb has its own: VERB --help")
    boolean help;

    /** The first words KultaMain hands to the CLI instead of starting a controller. */
    public static final Set<String> VERBS = Set.of("get", "promote", "abort", "retry", "undo", "restart", "set", "status", "lint", "plan", "dashboard");

    private KultaCli() {
    }

    /** The verbs on this process' terminal, with clients from the user's kubeconfig. */
    public static int main(String[] args) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "kulta-cli-stop"));
        return run(args, new Cli(System.out, System.err, System.console() != null, KubeconfigClients::of), Clock.systemUTC(), stopped);
    }

    public static int run(String[] args, Cli cli) {
        return run(args, cli, Clock.systemUTC(), new CountDownLatch(1));
    }

    static int run(String[] args, Cli cli, Clock clock) {
        return run(args, cli, clock, new CountDownLatch(1));
    }

    /** @param stopped counted down when a long-running verb (dashboard) is to stop */
    public static int run(String[] args, Cli cli, Clock clock, CountDownLatch stopped) {
        CommandLine line = new CommandLine(new KultaCli())
                .addSubcommand(new CommandLine(new GetCommand())
                        .addSubcommand(new GetCommand.One(cli))
                        .addSubcommand(new GetCommand.All(cli)))
                .addSubcommand(new AnnotateCommand.Promote(cli))
                .addSubcommand(new AnnotateCommand.Abort(cli))
                .addSubcommand(new AnnotateCommand.Retry(cli))
                .addSubcommand(new TemplateCommands.Undo(cli))
                .addSubcommand(new TemplateCommands.Restart(cli, clock))
                .addSubcommand(new CommandLine(new TemplateCommands.Set()).addSubcommand(new TemplateCommands.SetImage(cli)))
                .addSubcommand(new StatusCommand(cli))
                .addSubcommand(new LintCommand(cli))
                .addSubcommand(new PlanCommand(cli))
                .addSubcommand(new DashboardCommand(cli, stopped));
        line.setOut(new PrintWriter(cli.out(), true));
        line.setErr(new PrintWriter(cli.err(), true));
        line.setParameterExceptionHandler((e, args1) -> {
            cli.error(e.getMessage() + "; see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return Cli.USAGE;
        });
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            cli.error(e.getClass().getSimpleName() + ": " + e.getMessage());
            return Cli.FAILED;
        });
        return line.execute(args);
    }
}
