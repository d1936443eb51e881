package io.kulta.scenario;

import io.kulta.model.AnalysisConfig.FailurePolicy;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.prometheus.PrometheusFault;
import io.kulta.testing.prometheus.PrometheusFaultSchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prometheus answering garbage after the canary's first pass, under failurePolicy Pause (SPEC §4): what is no
 * Prometheus answer (HTML, the wrong JSON, status error) is an error, no data and NaN are inconclusive; neither is
 * ever a pass, so a pause that is over stays held. NaN in the canary's request count never satisfies minSampleSize;
 * +Inf is a value beyond every threshold and rolls back.
 */
class PrometheusGarbageScenarioTest extends FaultyPrometheusScenario {
    static final long SEED = 1618;

    @Test
    void garbageIsNeverAPassAndHoldsAPauseThatIsOver() throws Exception {
        start(FailurePolicy.Pause);
        deployThenUpdate(FailurePolicy.Pause);
        awaitSeen(s -> assertThat(s.lastAnalysis.verdict).isEqualTo("Pass"));
        int passes = watch.analyses(canary).size();

        proxy.follow(PrometheusFaultSchedule.outage(SEED, List.of(PrometheusFault.NOT_JSON, PrometheusFault.WRONG_SHAPE,
                PrometheusFault.STATUS_ERROR, PrometheusFault.EMPTY_VECTOR, PrometheusFault.NAN_VALUES)));
        awaitSeen(s -> assertThat(s.lastAnalysis.verdict).isNotEqualTo("Pass"));   // the pass before the switch no longer counts
        clock.advance(Duration.ofMinutes(1));
        await().atMost(60, TimeUnit.SECONDS).until(() -> watch.analyses(canary).size() >= passes + 10);

        List<AnalysisStatus> all = watch.analyses(canary);
        int from = passes;
        while (from < all.size() && "Pass".equals(all.get(from).verdict)) from++;   // measured before the switch
        List<AnalysisStatus> during = all.subList(from, all.size());
        assertThat(during).extracting(a -> a.verdict).as("an error or inconclusive, never a pass").doesNotContain("Pass", "Fail")
                .contains("Error", "Inconclusive");
        RolloutStatus now = cluster.status(ROLLOUT);
        assertThat(now.currentStepIndex).as("the pause that is over is held").isZero();
        assertThat(now.phase).isEqualTo(Phase.Paused);

        int ticks = proxy.ticks().size();
        proxy.follow(PrometheusFaultSchedule.outage(SEED, List.of(PrometheusFault.NAN_IN_ONE_SERIES)));   // the watch: no pass on NaN requests
        await().atMost(30, TimeUnit.SECONDS).until(() -> proxy.ticks().size() >= ticks + 8);
        assertNoViolations();

        proxy.follow(PrometheusFaultSchedule.outage(SEED, List.of(PrometheusFault.INF_VALUES)));
        RolloutStatus failed = awaitSeen(s -> assertThat(s.phase).isEqualTo(Phase.Failed));
        assertThat(failed.lastAnalysis.verdict).isEqualTo("Fail");
        assertThat(failed.message).contains("latency-p95 Infinity > threshold 500");
        assertNoViolations();
    }

}
