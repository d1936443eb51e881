package io.kulta.playground;

import java.nio.file.Path;

/** Where the controller's analysis queries go: a real prometheus scraping the simulator, or a simulated endpoint. */
public interface MetricsBackend extends AutoCloseable {
    /** What kulta.prometheusAddress is set to. */
    String url();

    /** One line for the output; the simulated one never calls itself Prometheus. */
    String description();

    @Override
    void close();

    /** A real Prometheus (in {@code workDir}) if {@code prometheus} is on the PATH, else the simulated query API. */
    static MetricsBackend start(TrafficSimulator traffic, Path workDir) {
        return PrometheusProcess.onPath()
                .<MetricsBackend>map(binary -> new PrometheusProcess(binary, workDir, java.util.List.of(traffic.metricsTarget())))
                .orElseGet(() -> new SimulatedPrometheus(traffic));
    }
}
