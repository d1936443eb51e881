package io.kulta.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class FigureArithmeticTest {

    private static final List<Double> ONE_TO_HUNDRED = IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();

    @Test
    void p50AndP99OfAHundredSamplesAreThe50thAnd99thSmallest() {
        List<Double> shuffled = new java.util.ArrayList<>(ONE_TO_HUNDRED);
        java.util.Collections.shuffle(shuffled, new java.util.Random(17));

        assertThat(Percentiles.of(shuffled, 50)).isEqualTo(50.0);
        assertThat(Percentiles.of(shuffled, 99)).isEqualTo(99.0);
        assertThat(Percentiles.of(shuffled, 100)).isEqualTo(100.0);
    }

    @Test
    void p99OfFewSamplesIsTheLargestNeverAnInterpolation() {
        assertThat(Percentiles.of(List.of(3.0, 1.0, 2.0), 99)).isEqualTo(3.0);
        assertThat(Percentiles.of(List.of(3.0, 1.0, 2.0), 50)).isEqualTo(2.0);
        assertThat(Percentiles.of(List.of(7.0), 50)).isEqualTo(7.0);
    }

    @Test
    void aSpreadKeepsEveryRunWithItsMedianAndRange() {
        Spread spread = Spread.of(List.of(2.0, 4.0, 3.0));

        assertThat(spread.runs()).containsExactly(2.0, 4.0, 3.0);
        assertThat(spread.median()).isEqualTo(3.0);
        assertThat(spread.min()).isEqualTo(2.0);
        assertThat(spread.max()).isEqualTo(4.0);
        assertThat(spread.relativeRange()).isEqualTo(2.0 / 3);
    }

    @Test
    void apiServerRequestTotalsAreSummedOverCodesAndScopesByVerbResourceAndSubresource() {
        String before = """
                # HELP apiserver_request_total [STABLE] Counter of apiserver requests
                apiserver_request_total{code="200",component="apiserver",dry_run="",group="kulta.io",resource="rollouts",scope="resource",subresource="status",verb="PUT",version="v1alpha1"} 10
                apiserver_request_total{code="409",component="apiserver",dry_run="",group="kulta.io",resource="rollouts",scope="resource",subresource="status",verb="PUT",version="v1alpha1"} 2
                apiserver_request_total{code="200",component="apiserver",dry_run="",group="gateway.networking.k8s.io",resource="httproutes",scope="resource",subresource="",verb="PATCH",version="v1"} 5
                apiserver_request_duration_seconds_count{verb="PUT",resource="rollouts"} 99
                """;
        String after = before.replace("verb=\"PUT\",version=\"v1alpha1\"} 10", "verb=\"PUT\",version=\"v1alpha1\"} 13")
                .replace("verb=\"PATCH\",version=\"v1\"} 5", "verb=\"PATCH\",version=\"v1\"} 6")
                + "apiserver_request_total{code=\"201\",component=\"apiserver\",dry_run=\"\",group=\"\",resource=\"events\",scope=\"resource\",subresource=\"\",verb=\"POST\",version=\"v1\"} 4\n";

        RequestCounts delta = ApiServerMetrics.parse(after).minus(ApiServerMetrics.parse(before));

        assertThat(ApiServerMetrics.parse(before).of(new RequestKind("PUT", "rollouts", "status"))).isEqualTo(12);
        assertThat(delta.per(1)).isEqualTo(Map.of("PUT rollouts/status", 3.0, "PATCH httproutes", 1.0, "POST events", 4.0));
    }

    @Test
    void aClientRequestIsNamedAsTheApiServerNamesIt() {
        assertThat(RequestKind.of("GET", "/apis/kulta.io/v1alpha1/namespaces/shop/rollouts", "watch=true"))
                .isEqualTo(new RequestKind("WATCH", "rollouts", ""));
        assertThat(RequestKind.of("GET", "/api/v1/namespaces/shop/services", "")).isEqualTo(new RequestKind("LIST", "services", ""));
        assertThat(RequestKind.of("GET", "/api/v1/namespaces/shop/services/web", "")).isEqualTo(new RequestKind("GET", "services", ""));
        assertThat(RequestKind.of("PUT", "/apis/kulta.io/v1alpha1/namespaces/shop/rollouts/web/status", ""))
                .isEqualTo(new RequestKind("PUT", "rollouts", "status"));
        assertThat(RequestKind.of("POST", "/api/v1/namespaces/shop/events", "")).isEqualTo(new RequestKind("POST", "events", ""));
        assertThat(RequestKind.of("GET", "/api/v1/namespaces", "")).isEqualTo(new RequestKind("LIST", "namespaces", ""));
    }

    @Test
    void writesBeyondTheMinimumAreListedPerStepAndEventsAndReadsAreNot() {
        RequestCounts tenSteps = new RequestCounts(Map.of(
                new RequestKind("POST", "replicasets", ""), 10L,
                new RequestKind("PATCH", "services", ""), 10L,
                new RequestKind("PATCH", "httproutes", ""), 10L,
                new RequestKind("PATCH", "replicasets", ""), 10L,
                new RequestKind("PUT", "rollouts", "status"), 50L,
                new RequestKind("GET", "httproutes", ""), 10L,
                new RequestKind("POST", "events", ""), 20L,
                new RequestKind("PUT", "leases", ""), 3L));

        assertThat(StepMinimum.FIRST_STEP.extraWrites(tenSteps, 10))
                .containsExactly("PUT rollouts/status: 2.00 per step beyond the minimum (20 in all)");   // 3 of 5 are needed
        assertThat(StepMinimum.FIRST_STEP.missingWrites(tenSteps, 10)).isEmpty();
        assertThat(StepMinimum.PROMOTED_STEP.missingWrites(tenSteps, 10))
                .contains("remove the promote annotation: 0 of 10");
    }

    @Test
    void theMinimumStepHasNoExtraWrites() {
        RequestCounts minimum = new RequestCounts(Map.of(
                new RequestKind("POST", "replicasets", ""), 5L,
                new RequestKind("PATCH", "services", ""), 5L,
                new RequestKind("PATCH", "httproutes", ""), 5L,
                new RequestKind("PATCH", "replicasets", ""), 5L,
                new RequestKind("PATCH", "rollouts", "status"), 15L));

        assertThat(StepMinimum.FIRST_STEP.extraWrites(minimum, 5)).isEmpty();
        assertThat(SmokeCheck.failures(List.of())).isEmpty();
    }
}
