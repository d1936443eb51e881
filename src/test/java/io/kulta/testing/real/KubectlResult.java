package io.kulta.testing.real;

import io.kulta.playground.LocalApiServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What one kubectl run returned: its exit code, stdout and stderr. */
public record KubectlResult(int exitCode, String out, String err) {

    /** Runs the built kubectl against this server with its kubeconfig (admin), feeding it {@code stdin}. */
    static KubectlResult run(LocalApiServer api, String stdin, List<String> args) {
        List<String> command = new ArrayList<>(List.of(api.binaries().kubectl().toString(), "--kubeconfig=" + api.kubeconfig(),
                "--cache-dir=" + api.kubeconfig().resolveSibling("kube-cache"), "--request-timeout=30s"));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl " + args + " took longer than a minute");
            }
            return new KubectlResult(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** stdout then stderr, for assertions on messages. */
    public String output() {
        return out + err;
    }

    @Override
    public String toString() {
        return "kubectl exited with " + exitCode + (out.isEmpty() ? "" : "\n--- stdout\n" + out)
                + (err.isEmpty() ? "" : "\n--- stderr\n" + err);
    }
}
