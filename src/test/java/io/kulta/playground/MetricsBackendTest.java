package io.kulta.playground;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The playground's metrics backend: the real Prometheus where it is installed, gone once closed. */
class MetricsBackendTest {

    @Test
    void withPrometheusOnThePathItStartsARealOneAndClosingEndsIt() throws Exception {
        assertThat(PrometheusProcess.onPath()).as("prometheus on the PATH (apt-get install -y prometheus; .ci/run does this)").isPresent();
        Path work = Files.createTempDirectory("kulta-playground");
        try (SimulatedShop shop = new SimulatedShop(); TrafficSimulator traffic = TrafficSimulator.start(shop.client, "default", 10, 0)) {
            MetricsBackend backend = MetricsBackend.start(traffic, work.resolve("prometheus"));
            String url = backend.url();
            try {
                assertThat(backend.description()).matches("Prometheus \\S+ \\(/.*prometheus\\), scraping every 1s.*");
                assertThat(get(url + "/-/ready")).isEqualTo(200);
                assertThat(work.resolve("prometheus/prometheus.yml")).content().contains("'" + traffic.metricsTarget() + "'");
            } finally {
                backend.close();
            }
            assertThatThrownBy(() -> get(url + "/-/ready")).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void theSimulatedOneNeverCallsItselfPrometheus() {
        try (SimulatedShop shop = new SimulatedShop(); TrafficSimulator traffic = TrafficSimulator.start(shop.client, "default", 10, 0);
             SimulatedPrometheus simulated = new SimulatedPrometheus(traffic)) {
            assertThat(simulated.description()).startsWith("simulated Prometheus query API").contains("no prometheus on PATH");
        }
    }

    private static int get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
