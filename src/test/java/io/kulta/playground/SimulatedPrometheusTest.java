package io.kulta.playground;

import io.kulta.core.analysis.AbEvaluator;
import io.kulta.core.analysis.AbQueryBatcher;
import io.kulta.core.analysis.AbTarget;
import io.kulta.core.analysis.AnalysisTarget;
import io.kulta.core.analysis.PromAnswer;
import io.kulta.core.analysis.PromQuery;
import io.kulta.core.analysis.QueryBatcher;
import io.kulta.model.AbTestingStrategy;
import io.kulta.model.AnalysisConfig;
import io.kulta.prometheus.PrometheusClient;
import io.kulta.prometheus.PrometheusSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.kulta.playground.SimulatedShop.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The simulated query API is honest: the controller's own batched queries, sent by its own client to a real
 * Prometheus scraping the traffic simulator and to the simulated endpoint reading the same counters, get the same
 * answers. A stable revision serves healthy pods, the canary pods fail 20 % of requests in 0.3 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedPrometheusTest {
    private final SimulatedShop shop = new SimulatedShop();
    private final PrometheusClient client = new PrometheusClient(PrometheusSettings.of(5, null, null, null, null, null));
    private TrafficSimulator traffic;
    private PrometheusProcess prometheus;
    private SimulatedPrometheus simulated;

    @BeforeAll
    void trafficForAWhile() throws Exception {
        var binary = PrometheusProcess.onPath().orElseThrow(() -> new AssertionError(
                "the prometheus binary is not on the PATH; this test compares the simulated query API with a real Prometheus: "
                        + "install it with `apt-get install -y prometheus` (.ci/run does this)"));
        shop.revision("h1", 2).revision("h2", 2).service("shop-stable", "h1").service("shop-canary", "h2");
        traffic = TrafficSimulator.start(shop.client, "default", 200, 0);
        traffic.behave(SimulatedShop.image("h2"), new PodBehaviour(0.2, 0.3));
        prometheus = new PrometheusProcess(binary, Files.createTempDirectory("kulta-prometheus"), List.of(traffic.metricsTarget()));
        simulated = new SimulatedPrometheus(traffic);
        // Prometheus scrapes its first target seconds after it is ready: start the traffic only once it does, so
        // both see the counters from the same moment (neither counts a series' first value as an increase)
        await().atMost(Duration.ofSeconds(30)).until(() -> !client.ask(List.of(new PromQuery(prometheus.url(), "up", "up == 1")))
                .get(0).series().isEmpty());
        shop.route(weighted("shop-stable", 50, "shop-canary", 50));   // traffic starts once both are up
        await().atMost(Duration.ofSeconds(30)).until(() -> value(ask(prometheus.url(), batch()).get(0), "h2") != null);
        Thread.sleep(15_000);   // some history for rate() and increase() on both sides
    }

    @AfterAll
    void close() {
        if (simulated != null) simulated.close();
        if (prometheus != null) prometheus.close();
        if (traffic != null) traffic.close();
        shop.close();
    }

    @Test
    void theControllersQueriesGetTheSameAnswersFromBoth() {
        List<PromQuery> queries = batch();
        List<PromAnswer> real = ask(prometheus.url(), queries), simulatedAnswers = ask(simulated.url(), queries);
        for (int i = 0; i < queries.size(); i++) {
            String metric = queries.get(i).metric();
            assertThat(simulatedAnswers.get(i).error()).as(metric).isNull();
            assertThat(real.get(i).error()).as(metric).isNull();
            Map<String, Double> r = byRevision(real.get(i)), s = byRevision(simulatedAnswers.get(i));
            assertThat(s.keySet()).as(metric).isEqualTo(r.keySet()).containsExactlyInAnyOrder("h1", "h2");
            r.forEach((revision, value) -> assertThat(s.get(revision)).as(metric + " of " + revision)
                    .isCloseTo(value, org.assertj.core.api.Assertions.within(Math.max(0.5, Math.abs(value) * 0.04))));
        }
    }

    @Test
    void podsFailing20PercentHaveAnErrorRateOf20OnBoth() {
        for (String url : List.of(prometheus.url(), simulated.url())) {
            PromAnswer errorRate = answer(url, "error-rate");
            assertThat(value(errorRate, "h2")).as(url).isBetween(19.0, 21.0);
            assertThat(value(errorRate, "h1")).as(url).isEqualTo(0.0);
        }
    }

    @Test
    void podsTaking300msHaveAP95InTheBucketFrom250To500ms() {
        for (String url : List.of(prometheus.url(), simulated.url())) {
            PromAnswer p95 = answer(url, "latency-p95");
            assertThat(value(p95, "h2")).as(url).isGreaterThan(250.0).isLessThanOrEqualTo(500.0);
            assertThat(value(p95, "h1")).as(url).isGreaterThan(25.0).isLessThanOrEqualTo(50.0);
        }
    }

    @Test
    void aQueryItDoesNotKnowIsABadDataErrorNeverANumber() {
        String custom = "sum(rate(http_requests_total{rollout=\"shop\",status=\"200\"}[2m]))";
        PromAnswer a = client.ask(List.of(new PromQuery(simulated.url(), "success-share", custom))).get(0);
        assertThat(a.problem()).isEqualTo(PromAnswer.Problem.REJECTED);
        assertThat(a.error()).contains("bad_data", "simulated Prometheus understands only");
        assertThat(a.series()).isEmpty();
    }

    @Test
    void aGetWithTheQueryInTheUrlIsAnsweredAsAPost() throws Exception {
        String promql = batch().get(0).promql();
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulated.url() + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"success\"", "\"revision\":\"h2\"");
    }

    /** What the controller's analysis tick sends for a canary with every built-in metric and for an A/B experiment. */
    private List<PromQuery> batch() {
        String url = "http://unused";
        List<PromQuery> queries = new ArrayList<>(QueryBatcher.batch(List.of(new AnalysisTarget("default/shop", "default", "shop", "h2", "h1",
                "shop-canary", url, List.of(metric("error-rate"), metric("latency-p95"), metric("latency-p99"))))));
        AbTestingStrategy.AbMetric errorRate = new AbTestingStrategy.AbMetric();
        errorRate.name = AbEvaluator.ERROR_RATE;
        queries.addAll(AbQueryBatcher.batch(List.of(new AbTarget("default/shop", "default", "shop", "h1", "h2", "shop-stable", "shop-canary",
                url, "1m", List.of(errorRate)))));
        return queries;
    }

    private PromAnswer answer(String url, String metric) {
        return ask(url, batch().stream().filter(q -> q.metric().equals(metric)).toList()).get(0);
    }

    private List<PromAnswer> ask(String url, List<PromQuery> queries) {
        return client.ask(queries.stream().map(q -> new PromQuery(url, q.metric(), q.promql())).toList());
    }

    private static Double value(PromAnswer a, String revision) {
        return byRevision(a).get(revision);
    }

    private static Map<String, Double> byRevision(PromAnswer a) {
        return a.series().stream().collect(Collectors.toMap(s -> s.labels().get("revision"), PromAnswer.Series::value));
    }

    private static AnalysisConfig.Metric metric(String name) {
        AnalysisConfig.Metric m = new AnalysisConfig.Metric();
        m.name = name;
        return m;
    }
}
