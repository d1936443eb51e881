package io.kulta.core.analysis;

import io.kulta.model.AnalysisConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class QueryBatcherTest {
    static final String PROM = "http://prometheus:9090";

    @Test
    void theNumberOfQueriesPerTickDoesNotGrowWithTheNumberOfRollouts() {
        List<PromQuery> one = QueryBatcher.batch(targets(1));
        List<PromQuery> fiveHundred = QueryBatcher.batch(targets(500));

        assertThat(one).hasSize(4);   // requests, error-rate, latency-p95, checkout (custom)
        assertThat(fiveHundred).hasSameSizeAs(one);
        assertThat(fiveHundred).extracting(PromQuery::metric).containsExactlyElementsOf(one.stream().map(PromQuery::metric).toList());
    }

    @Test
    void builtInsAreAggregatedByNamespaceRolloutAndRevisionForAllRolloutsAtOnce() {
        PromQuery errorRate = QueryBatcher.batch(targets(2)).stream().filter(q -> q.metric().equals("error-rate")).findFirst().orElseThrow();
        assertThat(errorRate.promql()).isEqualTo(
                "(sum by (namespace, rollout, revision) (rate(http_requests_total{status=~\"5..\",rollout=~\"shop-0|shop-1\"}[2m]))"
                        + " or sum by (namespace, rollout, revision) (rate(http_requests_total{rollout=~\"shop-0|shop-1\"}[2m])) * 0)"
                        + " / sum by (namespace, rollout, revision) (rate(http_requests_total{rollout=~\"shop-0|shop-1\"}[2m])) * 100");
    }

    @Test
    void rolloutNamesAreEscapedInTheRegexAndPlaceholderValuesInStrings() {
        AnalysisTarget dotted = target("my.app", "ns\"x", "abc");
        PromQuery requests = QueryBatcher.batch(List.of(dotted)).get(0);
        assertThat(requests.promql()).contains("rollout=~\"my\\\\.app\"");
        PromQuery custom = QueryBatcher.batch(List.of(dotted)).stream().filter(q -> q.metric().equals("checkout")).findFirst().orElseThrow();
        assertThat(custom.promql()).contains("namespace=\"ns\\\"x\"", "label_replace(", "\"kulta_target\", \"ns\\\"x/my.app\"");
    }

    @Test
    void answersAreSplitPerRolloutRevisionAndCustomTarget() {
        List<AnalysisTarget> targets = targets(2);
        List<PromQuery> queries = QueryBatcher.batch(targets);
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        List<PromAnswer> answers = List.of(
                answer(queries, PromQuery.REQUESTS, series("ns", "shop-0", "rev-0", 120), series("ns", "shop-1", "rev-1", 80)),
                answer(queries, "error-rate", series("ns", "shop-0", "rev-0", 1.5), series("ns", "shop-1", "stale", 99)),
                answer(queries, "latency-p95"),
                answer(queries, "checkout", new PromAnswer.Series(Map.of(PromQuery.TARGET_LABEL, "ns/shop-1"), 0.8)));

        Map<String, Measurement> split = QueryBatcher.split(targets, answers, now);

        assertThat(split.get("ns/shop-0").samples().get("error-rate")).isEqualTo(new Sample(1.5, 120.0));
        assertThat(split.get("ns/shop-1").samples().get("error-rate").value()).as("another revision's series").isNull();
        assertThat(split.get("ns/shop-1").samples().get("checkout").value()).isEqualTo(0.8);
        assertThat(split.get("ns/shop-0").samples().get("latency-p95").value()).isNull();
    }

    @Test
    void anUnreachablePrometheusFailsTheMeasurementsOfItsRolloutsOnly() {
        AnalysisTarget a = target("a", "ns", "r");
        AnalysisTarget b = new AnalysisTarget("ns/b", "ns", "b", "r", "s", "svc", "http://other:9090", a.metrics());
        List<PromQuery> queries = QueryBatcher.batch(List.of(a, b));
        List<PromAnswer> answers = queries.stream().map(q -> q.prometheus().equals(PROM)
                ? PromAnswer.failed(q, "unreachable") : new PromAnswer(q, List.of(), null)).toList();

        Map<String, Measurement> split = QueryBatcher.split(List.of(a, b), answers, Instant.now());

        assertThat(split.get("ns/a").error()).isEqualTo("unreachable");
        assertThat(split.get("ns/b").error()).isNull();
    }

    @Test
    void aBatchPrometheusRejectedIsAskedAgainOncePerRolloutInItEachWithOnlyItsOwnQuery() {
        List<AnalysisTarget> targets = targets(2);
        List<PromAnswer> answers = QueryBatcher.batch(targets).stream().map(q -> q.metric().equals("checkout")
                ? PromAnswer.failed(q, PromAnswer.Problem.REJECTED, "prometheus:9090 rejected the query (HTTP 400): bad_data: parse error")
                : new PromAnswer(q, List.of(), null)).toList();

        List<PromQuery> retries = QueryBatcher.retries(targets, answers);

        assertThat(retries).extracting(PromQuery::target).containsExactly("ns/shop-0", "ns/shop-1");
        assertThat(retries).extracting(PromQuery::metric).containsOnly("checkout");
        assertThat(retries.get(0).promql()).contains("rollout=\"shop-0\"").doesNotContain("shop-1");
        assertThat(retries.get(1).promql()).contains("rollout=\"shop-1\"").doesNotContain("shop-0");
    }

    @Test
    void onlyTheRolloutWhoseRetriedQueryIsRejectedSeesAnErrorAndItIsItsOwn() {
        List<AnalysisTarget> targets = targets(2);
        List<PromQuery> queries = QueryBatcher.batch(targets);
        List<PromAnswer> batch = queries.stream().map(q -> q.metric().equals("checkout")
                ? PromAnswer.failed(q, PromAnswer.Problem.REJECTED, "rejected: the text of both queries")
                : new PromAnswer(q, List.of(), null)).toList();
        List<PromQuery> retries = QueryBatcher.retries(targets, batch);
        List<PromAnswer> all = new java.util.ArrayList<>(batch);
        all.add(PromAnswer.failed(retries.get(0), PromAnswer.Problem.REJECTED, "rejected: shop-0's own query"));
        all.add(new PromAnswer(retries.get(1), List.of(new PromAnswer.Series(Map.of(PromQuery.TARGET_LABEL, "ns/shop-1"), 0.9)), null));

        Map<String, Measurement> split = QueryBatcher.split(targets, all, Instant.now());

        assertThat(split.get("ns/shop-0").error()).isEqualTo("rejected: shop-0's own query");
        assertThat(split.get("ns/shop-1").error()).isNull();
        assertThat(split.get("ns/shop-1").samples().get("checkout").value()).isEqualTo(0.9);
    }

    @Test
    void aRejectedBatchOfSeveralRolloutsThatWasNotRetriedNeverShowsTheOthersQueryText() {
        List<AnalysisTarget> targets = targets(2);
        List<PromAnswer> batch = QueryBatcher.batch(targets).stream().map(q -> q.metric().equals("checkout")
                ? PromAnswer.failed(q, PromAnswer.Problem.REJECTED, "parse error near shop-1's text") : new PromAnswer(q, List.of(), null)).toList();

        assertThat(QueryBatcher.split(targets, batch, Instant.now()).get("ns/shop-0").error())
                .isEqualTo("prometheus:9090 rejected the batched checkout query");
    }

    @Test
    void aBatchOfOneRolloutOrAnUnreachablePrometheusIsNotAskedAgain() {
        List<AnalysisTarget> one = targets(1);
        List<PromAnswer> rejected = QueryBatcher.batch(one).stream().map(q -> PromAnswer.failed(q, PromAnswer.Problem.REJECTED, "bad")).toList();
        List<AnalysisTarget> two = targets(2);
        List<PromAnswer> unreachable = QueryBatcher.batch(two).stream().map(q -> PromAnswer.failed(q, PromAnswer.Problem.UNREACHABLE, "down")).toList();

        assertThat(QueryBatcher.retries(one, rejected)).isEmpty();
        assertThat(QueryBatcher.retries(two, unreachable)).isEmpty();
        assertThat(QueryBatcher.split(one, rejected, Instant.now()).get("ns/shop-0").error()).isEqualTo("bad");
    }

    @Test
    void aBrokenCustomMetricOfAnotherRolloutDoesNotFailARolloutThatDoesNotUseIt() {
        AnalysisTarget plain = new AnalysisTarget("ns/plain", "ns", "plain", "r", "s", "svc", PROM, List.of(named("error-rate")));
        AnalysisTarget custom = target("shop-0", "ns", "rev-0");
        List<PromAnswer> answers = QueryBatcher.batch(List.of(plain, custom)).stream().map(q -> q.metric().equals("checkout")
                ? PromAnswer.failed(q, PromAnswer.Problem.REJECTED, "bad") : new PromAnswer(q, List.of(), null)).toList();

        Map<String, Measurement> split = QueryBatcher.split(List.of(plain, custom), answers, Instant.now());

        assertThat(split.get("ns/plain").error()).isNull();
        assertThat(split.get("ns/shop-0").error()).isEqualTo("bad");
    }

    @Test
    void withoutAPrometheusAddressTheMeasurementSaysItIsNotConfigured() {
        AnalysisTarget none = new AnalysisTarget("ns/a", "ns", "a", "r", "s", "svc", null, List.of());
        assertThat(QueryBatcher.batch(List.of(none))).isEmpty();
        assertThat(QueryBatcher.split(List.of(none), List.of(), Instant.now()).get("ns/a").error()).contains("not configured");
    }

    private static List<AnalysisTarget> targets(int n) {
        return IntStream.range(0, n).mapToObj(i -> target("shop-" + i, "ns", "rev-" + i)).toList();
    }

    private static AnalysisTarget target(String rollout, String namespace, String revision) {
        AnalysisConfig.Metric custom = new AnalysisConfig.Metric();
        custom.name = "checkout";
        custom.query = "sum(rate(orders_ok{namespace=\"{{namespace}}\",rollout=\"{{rollout}}\",revision=\"{{revision}}\"}[2m]))";
        custom.min = 0.5;
        return new AnalysisTarget(namespace + "/" + rollout, namespace, rollout, revision, "stable", rollout + "-canary", PROM,
                List.of(named("error-rate"), named("latency-p95"), custom));
    }

    private static AnalysisConfig.Metric named(String name) {
        AnalysisConfig.Metric m = new AnalysisConfig.Metric();
        m.name = name;
        m.threshold = 5.0;
        return m;
    }

    private static PromAnswer answer(List<PromQuery> queries, String metric, PromAnswer.Series... series) {
        return new PromAnswer(queries.stream().filter(q -> q.metric().equals(metric)).findFirst().orElseThrow(), List.of(series), null);
    }

    private static PromAnswer.Series series(String ns, String rollout, String revision, double value) {
        return new PromAnswer.Series(Map.of("namespace", ns, "rollout", rollout, "revision", revision), value);
    }
}
