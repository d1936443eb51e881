package io.kulta.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** One verb run in-process as {@code kubectl kulta ARGS...}: its exit code, stdout and stderr. */
record CliRun(int code, String out, String err) {
    static CliRun of(Cli.Clients clients, String... args) {
        return of(clients, false, Clock.systemUTC(), args);
    }

    static CliRun offline(String... args) {
        return of((kubeconfig, context, namespace) -> {
            throw new AssertionError("an offline verb asked for a client");
        }, args);
    }

    static CliRun of(Cli.Clients clients, boolean tty, Clock clock, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = KultaCli.run(args, new Cli(o, e, tty, clients), clock);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
