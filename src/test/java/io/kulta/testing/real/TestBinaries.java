package io.kulta.testing.real;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * kube-apiserver, kubectl, etcd, the Gateway API CRDs and the Prometheus Operator's, as built (or found in the cache) by
 * {@code scripts/k8s-test-binaries.sh}.
 */
record TestBinaries(Path dir) {

    static final Path SCRIPT = Path.of("scripts/k8s-test-binaries.sh");
    private static final long BUILD_TIMEOUT_MINUTES = 45;

    /** Thrown when the binaries cannot be had here (no Go, or the build failed); the message says why. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    Path kubeApiserver() {
        return dir.resolve("bin/kube-apiserver");
    }

    Path kubectl() {
        return dir.resolve("bin/kubectl");
    }

    Path etcd() {
        return dir.resolve("bin/etcd");
    }

    Path gatewayApiCrd(String name) {
        return dir.resolve("crds/gateway-api/gateway.networking.k8s.io_" + name + ".yaml");
    }

    /** A Prometheus Operator CRD ("servicemonitors", "prometheusrules"), generated from its API types by the script. */
    Path monitoringCrd(String name) {
        return dir.resolve("crds/prometheus-operator/monitoring.coreos.com_" + name + ".yaml");
    }

    /** Runs the script: instant when its cache is current, otherwise a build of several minutes. */
    static TestBinaries locate() throws Unavailable {
        if (!Files.isRegularFile(SCRIPT)) {
            throw new Unavailable(SCRIPT.toAbsolutePath() + " not found; run the tests from the project directory");
        }
        try {
            Process process = new ProcessBuilder("bash", SCRIPT.toString()).start();
            process.getOutputStream().close();
            // Progress (stderr) is relayed through System.err: a surefire fork must not write to its native stdout.
            Thread relay = new Thread(() -> relay(process), "k8s-test-binaries");
            relay.setDaemon(true);
            relay.start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new Unavailable(SCRIPT + " took longer than " + BUILD_TIMEOUT_MINUTES + " minutes");
            }
            relay.join(5000);
            List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
            if (process.exitValue() == 3) {
                throw new Unavailable("Go is not on the PATH, so " + SCRIPT + " cannot build kube-apiserver and etcd");
            }
            if (process.exitValue() != 0 || lines.isEmpty()) {
                throw new Unavailable(SCRIPT + " failed with exit code " + process.exitValue() + " (its output is above)");
            }
            TestBinaries binaries = new TestBinaries(Path.of(lines.get(lines.size() - 1)));
            for (Path binary : List.of(binaries.kubeApiserver(), binaries.kubectl(), binaries.etcd())) {
                if (!Files.isExecutable(binary)) {
                    throw new Unavailable(SCRIPT + " reported " + binaries.dir() + " but " + binary + " is missing");
                }
            }
            return binaries;
        } catch (IOException e) {
            throw new Unavailable("cannot run " + SCRIPT + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while running " + SCRIPT);
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
