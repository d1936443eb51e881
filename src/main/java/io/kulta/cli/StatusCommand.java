package io.kulta.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.core.DurationParser;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code status NAME [--timeout 10m]}, for CI: prints each transition (phase, step, weight) until the controller has
 * seen the Rollout's latest spec and it is Completed (exit 0), Failed or Aborted (exit 1), or the timeout passes (exit 2).
 */
@Command(name = "status", description = "Wait for the rollout to end: exit 0 Completed, 1 Failed/Aborted, 2 timeout")
final class StatusCommand extends ClusterCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--timeout", defaultValue = "10m", description = "how long to wait, e.g. 90s, 10m, 1h (default ${DEFAULT-VALUE})")
    String timeout;

    StatusCommand(Cli cli) {
        super(cli);
    }

    @Override
    int run(KubernetesClient client) {
        Optional<Duration> limit = DurationParser.parse(timeout);
        if (limit.isEmpty()) {
            cli.error("--timeout \"" + timeout + "\" is not a duration; use e.g. 90s, 10m or 1h");
            return Cli.USAGE;
        }
        if (rollout(client, name) == null) return Cli.FAILED;
        long deadline = System.nanoTime() + limit.get().toNanos();
        doing("watch", "rollouts.kulta.io", "rollout " + name);
        try (RolloutWatch w = new RolloutWatch(client, name, false)) {
            String shown = null;
            while (true) {
                Optional<Rollout> r = w.rollout();
                if (r.isEmpty()) {
                    cli.out().println("rollout " + name + " was deleted");
                    return Cli.FAILED;
                }
                String line = line(r.get());
                if (!line.equals(shown)) {
                    cli.out().println(line);
                    cli.out().flush();
                    shown = line;
                }
                Integer ended = exitCode(r.get());
                if (ended != null) return ended;
                long left = deadline - System.nanoTime();
                if (left <= 0 || !w.await(Math.max(1, left / 1_000_000))) {
                    if (System.nanoTime() - deadline >= 0) {
                        cli.out().println("timed out after " + timeout + " waiting for rollout " + name + " to end");
                        return Cli.TIMEOUT;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Cli.TIMEOUT;
        }
    }

    /** Exit code once the controller has seen the latest spec and the Rollout ended, else null. */
    static Integer exitCode(Rollout r) {
        RolloutStatus s = r.getStatus();
        if (s == null || s.observedGeneration == null || s.observedGeneration < Objects.requireNonNullElse(r.getMetadata().getGeneration(), 0L))
            return null;
        if (s.phase == Phase.Completed) return Cli.OK;
        if (s.phase == Phase.Failed || s.phase == Phase.Aborted) return Cli.FAILED;
        return null;
    }

    private static String line(Rollout r) {
        RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
        return (s.phase == null ? "Unknown" : s.phase.name()) + "  " + RolloutTree.step(r, s) + "  weight "
                + (s.currentWeight == null ? "-" : s.currentWeight + "%") + (s.message == null ? "" : "  " + s.message);
    }
}
