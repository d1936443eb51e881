package io.kulta.testing.real;

import io.kulta.playground.KubeBinaries;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds the real API tier's binaries by running {@code scripts/k8s-test-binaries.sh}: instant when its cache is current,
 * otherwise a build of several minutes. The binaries themselves are the product's {@link KubeBinaries}.
 */
final class TestBinaries {

    static final Path SCRIPT = Path.of("scripts/k8s-test-binaries.sh");
    static final long BUILD_TIMEOUT_MINUTES = Long.getLong("kulta.binariesBuildTimeoutMinutes", 45);

    private TestBinaries() {
    }

    /** Thrown when the binaries cannot be had here (no Go, or the build failed); the message says why. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /** Runs the script: instant when its cache is current, otherwise a build of several minutes. */
    static KubeBinaries locate() throws Unavailable {
        return locate(SCRIPT, Duration.ofMinutes(BUILD_TIMEOUT_MINUTES));
    }

    /** As {@link #locate()} with this script, given up (and killed) after the timeout. */
    static KubeBinaries locate(Path script, Duration timeout) throws Unavailable {
        if (!Files.isRegularFile(script)) {
            throw new Unavailable(script.toAbsolutePath() + " not found; run the tests from the project directory");
        }
        try {
            Process process = new ProcessBuilder("bash", script.toString()).start();
            process.getOutputStream().close();
            // Progress (stderr) is relayed through System.err: a surefire fork must not write to its native stdout.
            Thread relay = new Thread(() -> relay(process), "k8s-test-binaries");
            relay.setDaemon(true);
            relay.start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));   // read while it runs
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new Unavailable(script + " took longer than " + timeout);
            }
            String stdout = output.join();
            relay.join(5000);
            List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
            if (process.exitValue() == 3) {
                throw new Unavailable("Go is not on the PATH, so " + script + " cannot build kube-apiserver and etcd");
            }
            if (process.exitValue() != 0 || lines.isEmpty()) {
                throw new Unavailable(script + " failed with exit code " + process.exitValue() + " (its output is above)");
            }
            KubeBinaries binaries = new KubeBinaries(Path.of(lines.get(lines.size() - 1)));
            for (Path binary : List.of(binaries.kubeApiserver(), binaries.kubectl(), binaries.etcd())) {
                if (!Files.isExecutable(binary)) {
                    throw new Unavailable(script + " reported " + binaries.dir() + " but " + binary + " is missing");
                }
            }
            return binaries;
        } catch (IOException e) {
            throw new Unavailable("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while running " + script);
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void relay(Process process) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            err.lines().forEach(System.err::println);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
