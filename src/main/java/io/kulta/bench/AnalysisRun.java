package io.kulta.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kulta.model.Rollout;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * N Rollouts under analysis at once against a real Prometheus: every member gets two metrics and is paused at weight 20;
 * over {@value #TICKS} analysis ticks, the HTTP requests Prometheus served (its own prometheus_http_requests_total) and
 * how long the controller's tick took (the "analysis" route). The requests per tick must not grow with N.
 */
final class AnalysisRun {
    static final int TICKS = 5;
    static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final String METRICS = "{\"spec\":{\"strategy\":{\"canary\":{\"analysis\":{\"metrics\":["
            + "{\"name\":\"error-rate\",\"threshold\":5},{\"name\":\"latency-p95\",\"threshold\":500}]}}}}}";
    private static final String NO_METRICS = "{\"spec\":{\"strategy\":{\"canary\":{\"analysis\":null}}}}";

    private final BenchTier tier;
    private final Fleet fleet;
    private final FleetWatch watch;
    private final String prometheus;
    private final Duration timeout;

    AnalysisRun(BenchTier tier, Fleet fleet, FleetWatch watch, String prometheus, Duration timeout) {
        this.tier = tier;
        this.fleet = fleet;
        this.watch = watch;
        this.prometheus = prometheus;
        this.timeout = timeout;
    }

    SizeResult.AnalysisTick run(CamelContext controller) {
        KubernetesClient client = tier.harnessClient();   // one for all N: a client per patch runs out of file descriptors
        fleet.forEach(name -> patch(client, name, METRICS));
        Map<String, Long> analysed = fleet.changeTemplates("analysed");   // the fleet is paused at 20 already, before it
        watch.awaitAll("Paused at weight 20 under analysis", timeout, FleetWatch.since(analysed).and(FleetWatch.pausedAtWeight(20)));
        ManagedRouteMBean tick = controller.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("analysis");
        Waits.sleep(INTERVAL.toMillis());   // a first tick with all N as targets
        long ticksBefore = tick.getExchangesCompleted();
        long millisBefore = tick.getTotalProcessingTime();
        double queriesBefore = queriesServed();
        Waits.until(TICKS + " analysis ticks", Duration.ofSeconds(TICKS * INTERVAL.toSeconds() * 5),
                () -> tick.getExchangesCompleted() - ticksBefore >= TICKS, () -> "ticks: " + (tick.getExchangesCompleted() - ticksBefore));
        long ticks = tick.getExchangesCompleted() - ticksBefore;
        double perTick = (queriesServed() - queriesBefore) / ticks;
        double tickMillis = (double) (tick.getTotalProcessingTime() - millisBefore) / ticks;
        fleet.forEach(name -> patch(client, name, NO_METRICS));
        System.err.printf("bench [%s, N=%d] analysis: %.1f Prometheus requests per tick, tick %.0f ms (%d ticks)%n",
                tier.name(), fleet.names().size(), perTick, tickMillis, ticks);
        return new SizeResult.AnalysisTick(fleet.names().size(), ticks, perTick, tickMillis);
    }

    private void patch(KubernetesClient client, String name, String json) {
        client.resources(Rollout.class).inNamespace(fleet.namespace()).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    /** Query API requests Prometheus has served so far, from its own metrics. */
    private double queriesServed() {
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(prometheus + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith("prometheus_http_requests_total{") && l.contains("handler=\"/api/v1/query"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + prometheus + "/metrics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
