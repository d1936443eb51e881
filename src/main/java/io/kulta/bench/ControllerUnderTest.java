package io.kulta.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.KultaApp;
import io.kulta.playground.FreeLoopbackPort;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The controller as the jar runs it — {@link KultaApp#create} on a client built from the kubeconfig, leader election on
 * (a single member) — watching the fleet's namespace, with a short resync.
 */
final class ControllerUnderTest implements AutoCloseable {
    static final String POD_NAME = "kulta-bench";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private final KultaApp app;
    private final PrometheusMeterRegistry meters;
    private final double startupToReadySeconds;

    private ControllerUnderTest(KultaApp app, PrometheusMeterRegistry meters, double startupToReadySeconds) {
        this.app = app;
        this.meters = meters;
        this.startupToReadySeconds = startupToReadySeconds;
    }

    /** Starts it and returns once /readyz answers 200 (informers synced). */
    static ControllerUnderTest start(KubernetesClient client, String namespace, Map<String, String> overrides) throws Exception {
        int port = FreeLoopbackPort.any();
        Map<String, String> props = new HashMap<>();
        props.put("kulta.namespace", namespace);
        props.put("kulta.leaderElection", "true");
        props.put("kulta.podName", POD_NAME);
        props.put("kulta.podNamespace", namespace);     // the Lease lives beside the fleet
        props.put("kulta.httpPort", String.valueOf(port));
        props.put("kulta.cliConnectorEnabled", "false");
        props.putAll(overrides);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        long start = System.nanoTime();
        KultaApp app = KultaApp.create(client, true, props, Map.of("metricsRegistry", meters)).start();
        HttpClient http = HttpClient.newHttpClient();
        URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
        double toReady;
        try {
            Waits.until("the controller's /readyz to answer 200", READY_TIMEOUT, () -> ready(http, readyz), () -> "not ready");
            toReady = (System.nanoTime() - start) / 1e9;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        return new ControllerUnderTest(app, meters, toReady);
    }

    /** Whether /readyz answers 200 now (no answer: not ready). */
    static boolean ready(HttpClient http, URI readyz) {
        try {
            return http.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    org.apache.camel.CamelContext context() {
        return app.context();
    }

    /** From KultaApp.create to /readyz 200. */
    double startupToReadySeconds() {
        return startupToReadySeconds;
    }

    /** Requests its client has sent (kulta_api_requests_total, every verb and answer). */
    double requestsSent() {
        return meters.find("kulta.api.requests").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Its status writes so far (kulta_status_writes_total), by "change phase", e.g. "observation Progressing". */
    Map<String, Double> statusWrites() {
        Map<String, Double> writes = new java.util.TreeMap<>();
        meters.find("kulta.status.writes").counters().forEach(c ->
                writes.merge(c.getId().getTag("change") + " " + c.getId().getTag("phase"), c.count(), Double::sum));
        return writes;
    }

    /** Waits until it has sent nothing for {@code quiet} (at most {@code max}): in-flight Events and status writes land. */
    void awaitQuiet(Duration quiet, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        double last = requestsSent();
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - lastChange < quiet.toNanos()) {
            Waits.sleep(100);
            double now = requestsSent();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
    }


    @Override
    public void close() throws Exception {
        app.close();
    }
}
