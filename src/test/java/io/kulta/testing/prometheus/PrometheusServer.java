package io.kulta.testing.prometheus;

import io.kulta.playground.PrometheusProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * The product's {@link PrometheusProcess} in a temporary directory, for tests. Missing binary = a failing test that
 * says how to install it, never a skip.
 */
public final class PrometheusServer implements AutoCloseable {
    private final PrometheusProcess process;

    public PrometheusServer(String... targets) {
        var binary = PrometheusProcess.onPath().orElseThrow(() -> new AssertionError(
                "the prometheus binary is not on the PATH; the analysis tests need a real Prometheus: "
                        + "install it with `apt-get install -y prometheus` (.ci/run does this)"));
        try {
            process = new PrometheusProcess(binary, Files.createTempDirectory("kulta-prometheus"), List.of(targets));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return process.url();
    }

    /** Stops it, as if Prometheus went down mid-rollout. */
    public void stop() {
        process.stop();
    }

    @Override
    public void close() {
        process.close();
    }
}
