package io.kulta.testing.prometheus;

import io.kulta.core.analysis.PromAnswer;
import io.kulta.core.analysis.PromAnswer.Problem;
import io.kulta.core.analysis.PromQuery;
import io.kulta.prometheus.PrometheusClient;
import io.kulta.prometheus.PrometheusSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Each fault of the proxy, as the product's Prometheus client reads it, and the schedule's seeded windows. */
class PrometheusFaultProxyTest {
    static final String TWO_SERIES = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"revision\":\"a\"},\"value\":[1700000000.123,\"2\"]},"
            + "{\"metric\":{\"revision\":\"b\"},\"value\":[1700000000.123,\"3\"]}]}}";

    FakePrometheus upstream = new FakePrometheus();
    PrometheusFaultProxy proxy = new PrometheusFaultProxy(upstream.url(), Duration.ofMillis(1500));
    PrometheusClient client = new PrometheusClient(PrometheusSettings.of(1, null, null, null, null, null));

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PrometheusFault.class)
    void eachFaultReachesTheClientAsWhatSpecSaysItIs(PrometheusFault fault) throws Exception {
        upstream.answer(q -> new FakePrometheus.Answer(200, TWO_SERIES));
        proxy.follow(PrometheusFaultSchedule.outage(7, List.of(fault)));

        PromAnswer a = client.ask(List.of(new PromQuery(proxy.url(), "error-rate", "sum(up)"))).get(0);

        switch (fault.outcome) {
            case ERROR -> {
                assertThat(a.error()).as("an error, not an answer").isNotNull();
                assertThat(a.series()).isEmpty();
                assertThat(a.problem()).isEqualTo(switch (fault) {
                    case SLOW, DROPPED -> Problem.UNREACHABLE;
                    case STATUS_ERROR -> Problem.REJECTED;
                    default -> Problem.BAD_RESPONSE;
                });
            }
            case INCONCLUSIVE -> {
                assertThat(a.error()).isNull();
                assertThat(a.series()).allSatisfy(s -> assertThat(s.value()).isNaN());
            }
            case VALUE -> {
                assertThat(a.error()).isNull();
                List<Double> values = a.series().stream().map(PromAnswer.Series::value).toList();
                double replaced = fault == PrometheusFault.INF_VALUES || fault == PrometheusFault.INF_IN_ONE_SERIES
                        ? Double.POSITIVE_INFINITY : Double.NaN;
                long hit = values.stream().filter(v -> v.equals(replaced)).count();
                assertThat(hit).isEqualTo(fault.name().contains("ONE_SERIES") ? 1 : 2);
            }
        }
        assertThat(proxy.injected()).containsEntry(fault, 1);
    }

    @Test
    void requestsOfOneTickShareTheDecisionAndForwardedTicksAreUntouched() throws Exception {
        upstream.answer(q -> new FakePrometheus.Answer(200, TWO_SERIES));
        proxy.follow(PrometheusFaultSchedule.outage(3, List.of(PrometheusFault.HTTP_500)));
        List<PromAnswer> tick = client.ask(List.of(new PromQuery(proxy.url(), "a", "x"), new PromQuery(proxy.url(), "b", "y")));
        assertThat(tick).allSatisfy(a -> assertThat(a.error()).contains("HTTP 500"));

        Thread.sleep(PrometheusFaultProxy.TICK_GAP.toMillis() + 100);
        proxy.follow(PrometheusFaultSchedule.healthy());
        PromAnswer healthy = client.ask(List.of(new PromQuery(proxy.url(), "a", "x"))).get(0);

        assertThat(healthy.error()).isNull();
        assertThat(healthy.series()).extracting(PromAnswer.Series::value).containsExactly(2.0, 3.0);
        assertThat(proxy.ticks()).extracting(PrometheusFaultProxy.Tick::requests).containsExactly(2, 1);
        assertThat(upstream.received()).as("a spoiled tick never reaches Prometheus").hasSize(1);
    }

    @Test
    void aSeedGivesTheSameFlappingWindowsEveryTime() {
        List<Optional<PrometheusFault>> first = draw(PrometheusFaultSchedule.flapping(42, 2, 4, 1, 3, PrometheusFault.errors()));
        List<Optional<PrometheusFault>> again = draw(PrometheusFaultSchedule.flapping(42, 2, 4, 1, 3, PrometheusFault.errors()));

        assertThat(again).isEqualTo(first);
        int good = 0, bad = 0;
        List<Integer> goodRuns = new ArrayList<>(), badRuns = new ArrayList<>();
        for (Optional<PrometheusFault> f : first) {
            if (f.isPresent()) {
                if (good > 0) goodRuns.add(good);
                good = 0;
                bad++;
            } else {
                if (bad > 0) badRuns.add(bad);
                bad = 0;
                good++;
            }
        }
        assertThat(first.get(0)).as("it starts bad").isPresent();
        assertThat(goodRuns).isNotEmpty().allSatisfy(n -> assertThat(n).isBetween(2, 4));
        assertThat(badRuns).isNotEmpty().allSatisfy(n -> assertThat(n).isBetween(1, 3));
    }

    private static List<Optional<PrometheusFault>> draw(PrometheusFaultSchedule s) {
        List<Optional<PrometheusFault>> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) out.add(s.nextTick());
        return out;
    }
}
