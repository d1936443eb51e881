package io.kulta.core.analysis;

import io.kulta.model.AbTestingStrategy.AbMetric;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A/B measurements are batched per Prometheus and window, never per Rollout, and split back per variant. */
class AbQueryBatcherTest {
    static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    static final String PROM = "http://prom:9090";

    @Test
    void rolloutsStartedInTheSameMinuteShareTwoQueries() {
        List<AbTarget> many = new ArrayList<>();
        for (int i = 0; i < 50; i++) many.add(target("shop-" + i, "12m", List.of(AbEvaluator.metrics(null).get(0))));

        List<PromQuery> queries = AbQueryBatcher.batch(many);

        assertThat(queries).hasSize(2);
        assertThat(queries.get(0).promql()).contains("status=~\"5..\"", "[12m]", "shop-49");
        assertThat(queries.get(1).promql()).startsWith("sum by (namespace, rollout, revision) (increase(http_requests_total{");
    }

    @Test
    void customMetricsAreOneQueryPerPartForAllRolloutsAndVariants() {
        AbMetric conversion = new AbMetric();
        conversion.name = "conversion";
        conversion.successQuery = "sum(increase(orders_total{service=\"{{service}}\",result=\"ok\"}[{{window}}]))";
        conversion.totalQuery = "sum(increase(orders_total{service=\"{{service}}\"}[{{window}}]))";

        List<PromQuery> queries = AbQueryBatcher.batch(List.of(target("shop", "5m", List.of(conversion)), target("cart", "7m", List.of(conversion))));

        assertThat(queries).extracting(PromQuery::metric).containsExactly("ab/conversion/success", "ab/conversion/total");
        assertThat(queries.get(0).promql()).contains("service=\"shop-a\"", "service=\"shop-b\"", "[5m]", "[7m]",
                "\"kulta_target\", \"ns/shop|A\"", "\"kulta_target\", \"ns/cart|B\"");
    }

    @Test
    void answersAreSplitIntoSuccessesAndTotalsPerVariant() {
        AbTarget t = target("shop", "3m", AbEvaluator.metrics(null));
        List<PromQuery> q = AbQueryBatcher.batch(List.of(t));
        List<PromAnswer> answers = List.of(
                new PromAnswer(q.get(0), List.of(series("rev-a", 5), series("rev-b", 1)), null),
                new PromAnswer(q.get(1), List.of(series("rev-a", 100), series("rev-b", 90)), null));

        Measurement m = AbQueryBatcher.split(List.of(t), answers, T).get("ns/shop");

        assertThat(m.revision()).isEqualTo("rev-b");
        assertThat(m.variants()).containsEntry("error-rate", new VariantCounts(5.0, 100.0, 1.0, 90.0));
    }

    @Test
    void aPrometheusErrorIsTheMeasurementsError() {
        AbTarget t = target("shop", "3m", AbEvaluator.metrics(null));
        List<PromAnswer> answers = AbQueryBatcher.batch(List.of(t)).stream().map(q -> PromAnswer.failed(q, "unreachable")).toList();

        assertThat(AbQueryBatcher.split(List.of(t), answers, T).get("ns/shop").error()).isEqualTo("unreachable");
    }

    @Test
    void aRejectedBatchIsAskedAgainPerExperimentAndOnlyTheBrokenOneSeesTheError() {
        AbTarget broken = target("shop", "3m", List.of(conversion("sum(orders_total{")));
        AbTarget healthy = target("cart", "3m", List.of(conversion("sum(increase(orders_total{service=\"{{service}}\"}[{{window}}]))")));
        List<PromQuery> batch = AbQueryBatcher.batch(List.of(broken, healthy));
        List<PromAnswer> answers = batch.stream().map(q -> PromAnswer.failed(q, PromAnswer.Problem.REJECTED, "bad_data: parse error")).toList();

        List<PromQuery> retries = AbQueryBatcher.retries(List.of(broken, healthy), answers);
        assertThat(retries).extracting(PromQuery::target).containsExactlyInAnyOrder("ns/shop", "ns/shop", "ns/cart", "ns/cart");
        List<PromAnswer> retried = retries.stream().map(q -> q.target().equals("ns/shop")
                ? PromAnswer.failed(q, PromAnswer.Problem.REJECTED, "bad_data: parse error")
                : new PromAnswer(q, List.of(tagged("ns/cart|A", 40), tagged("ns/cart|B", 45)), null)).toList();
        List<PromAnswer> all = new ArrayList<>(answers);
        all.addAll(retried);

        Map<String, Measurement> split = AbQueryBatcher.split(List.of(broken, healthy), all, T);
        assertThat(split.get("ns/shop").error()).contains("parse error");
        assertThat(split.get("ns/cart").error()).isNull();
        assertThat(split.get("ns/cart").variants()).containsEntry("conversion", new VariantCounts(40.0, 40.0, 45.0, 45.0));
    }

    @Test
    void anErrorOfAQueryAnExperimentIsNotInLeavesItAlone() {
        AbTarget custom = target("shop", "3m", List.of(conversion("sum(orders_total{")));
        AbTarget builtIn = target("cart", "3m", AbEvaluator.metrics(null));
        List<PromQuery> batch = AbQueryBatcher.batch(List.of(custom, builtIn));
        List<PromAnswer> answers = batch.stream().map(q -> q.metric().startsWith("ab/conversion")
                ? PromAnswer.failed(q, PromAnswer.Problem.REJECTED, "bad_data: parse error")
                : new PromAnswer(q, List.of(), null)).toList();

        assertThat(AbQueryBatcher.split(List.of(custom, builtIn), answers, T).get("ns/cart").error()).isNull();
    }

    private static AbMetric conversion(String query) {
        AbMetric m = new AbMetric();
        m.name = "conversion";
        m.successQuery = query;
        m.totalQuery = query;
        return m;
    }

    private static PromAnswer.Series tagged(String target, double value) {
        return new PromAnswer.Series(Map.of(PromQuery.TARGET_LABEL, target), value);
    }

    private static PromAnswer.Series series(String revision, double value) {
        return new PromAnswer.Series(Map.of("namespace", "ns", "rollout", "shop", "revision", revision), value);
    }

    private static AbTarget target(String name, String window, List<AbMetric> metrics) {
        return new AbTarget("ns/" + name, "ns", name, "rev-a", "rev-b", name + "-a", name + "-b", PROM, window, metrics);
    }
}
