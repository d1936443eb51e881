package io.kulta.playground;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.kulta.playground.SimulatedShop.ROLLOUT;
import static io.kulta.playground.SimulatedShop.to;
import static io.kulta.playground.SimulatedShop.variantHeader;
import static io.kulta.playground.SimulatedShop.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Requests go where a gateway and kube-proxy would send them, and are counted per revision. */
class TrafficSimulatorTest {
    private final SimulatedShop shop = new SimulatedShop();
    private TrafficSimulator traffic;

    @AfterEach
    void close() {
        if (traffic != null) traffic.close();
        shop.close();
    }

    @Test
    void weights80To20SplitTheRequestsPerRevision80To20() throws Exception {
        shop.revision("h1", 4).revision("h2", 1).service("shop-stable", "h1").service("shop-canary", "h2")
                .route(weighted("shop-stable", 80, "shop-canary", 20));
        traffic = TrafficSimulator.start(shop.client, "default", 1000, 0);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Double> rps = rps();
            assertThat(rps.getOrDefault("h1", 0.0) + rps.getOrDefault("h2", 0.0)).isGreaterThan(500);
            assertThat(rps.getOrDefault("h2", 0.0) / (rps.getOrDefault("h1", 0.0) + rps.getOrDefault("h2", 0.0))).isCloseTo(0.20, within(0.03));
        });
        assertThat(traffic.requestsToEmptyBackends()).isEmpty();
        assertThat(scrape()).contains("http_requests_total{namespace=\"default\",revision=\"h2\",rollout=\"shop\",status=\"200\"} ",
                "http_request_duration_seconds_bucket{le=\"0.05\",namespace=\"default\",revision=\"h1\",rollout=\"shop\"} ");
    }

    @Test
    void aBackendWithWeightButNoReadyPodIsARequestToAnEmptyBackend() {
        shop.kubelet.hold("h2");
        shop.revision("h1", 4).revision("h2", 1).service("shop-stable", "h1").service("shop-canary", "h2")
                .route(weighted("shop-stable", 80, "shop-canary", 20));
        traffic = TrafficSimulator.start(shop.client, "default", 200, 0);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(traffic.requestsToEmptyBackends()).isNotEmpty());
        assertThat(traffic.requestsToEmptyBackends().get(0)).contains("route shop-route rule 0", "Service shop-canary has no ready pod");
        assertThat(rps()).doesNotContainKey("h2");
    }

    @Test
    void aBackendWithWeight0IsNeverChosen() throws InterruptedException {
        shop.kubelet.hold("h3");
        shop.revision("h1", 4).revision("h2", 1).revision("h3", 1).service("shop-stable", "h1").service("shop-canary", "h2")
                .service("shop-preview", "h3")
                .route(weighted("shop-stable", 100, "shop-canary", 0), weighted("shop-stable", 100, "shop-preview", 0));
        traffic = TrafficSimulator.start(shop.client, "default", 500, 0);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rps().getOrDefault("h1", 0.0)).isGreaterThan(300));
        Thread.sleep(2000);   // a few more seconds of traffic, any of which could have gone astray
        assertThat(rps().getOrDefault("h2", 0.0)).isZero();
        assertThat(traffic.requestsToEmptyBackends()).isEmpty();
    }

    @Test
    void requestsWithTheVariantHeaderGoToVariantBsRevision() {
        shop.revision("a1", 2).revision("b2", 2).service("shop-a", "a1").service("shop-b", "b2")
                .route(variantHeader("X-Variant", "b", "shop-b"), to("shop-a"));
        traffic = TrafficSimulator.start(shop.client, "default", 1000, 0);

        // half the requests are GET /, the other half carry the route's only extra match: the variant header
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Double> rps = rps();
            assertThat(rps.getOrDefault("a1", 0.0) + rps.getOrDefault("b2", 0.0)).isGreaterThan(500);
            assertThat(rps.getOrDefault("b2", 0.0) / (rps.getOrDefault("a1", 0.0) + rps.getOrDefault("b2", 0.0))).isCloseTo(0.5, within(0.05));
        });
        assertThat(traffic.requestsToEmptyBackends()).isEmpty();
    }

    private Map<String, Double> rps() {
        List<RevisionTraffic> t = traffic.traffic("default", ROLLOUT);
        return t.stream().filter(r -> r.requestsPerSecond() > 0).collect(Collectors.toMap(RevisionTraffic::revision, RevisionTraffic::requestsPerSecond));
    }

    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + traffic.metricsTarget() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
