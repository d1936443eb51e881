package io.kulta.scenario;

import io.kulta.model.AnalysisConfig.FailurePolicy;
import io.kulta.model.CanaryStep;
import io.kulta.model.Pause;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.prometheus.PrometheusFault;
import io.kulta.testing.prometheus.PrometheusFaultProxy;
import io.kulta.testing.prometheus.PrometheusFaultSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A healthy canary through a flapping Prometheus (SPEC §4): bad windows of one to consecutiveErrorLimit ticks —
 * errors of every kind, empty vectors, NaN (in every series or in one) — between good windows. Whatever the failurePolicy, errors below the
 * limit never change the outcome: the canary completes, never rolled back, each error recorded as one. The test
 * moves the clock only while Prometheus errors, so each pause is over at an error.
 */
class PrometheusFlappingScenarioTest extends FaultyPrometheusScenario {
    static final long SEED = 1811;

    @ParameterizedTest(name = "failurePolicy {0}")
    @EnumSource(FailurePolicy.class)
    void aHealthyCanaryCompletesThroughAFlappingPrometheus(FailurePolicy policy) throws Exception {
        start(policy);
        List<PrometheusFault> kinds = new ArrayList<>(PrometheusFault.errors());
        kinds.add(PrometheusFault.EMPTY_VECTOR);
        kinds.add(PrometheusFault.NAN_VALUES);
        kinds.add(PrometheusFault.NAN_IN_ONE_SERIES);   // in the request counts too, where minSampleSize reads them
        proxy.follow(PrometheusFaultSchedule.flapping(SEED + policy.ordinal(), 3, 5, 1, ERROR_LIMIT, kinds));
        deployThenUpdate(policy, List.of(new CanaryStep(10, new Pause("1m")), new CanaryStep(25, new Pause("1m")),
                new CanaryStep(50, new Pause("1m")), new CanaryStep(75, new Pause("1m"))));

        // pauses end only while Prometheus errors, so an error, not a pass, is the last analysis when each one is over
        RolloutStatus completed = completesWhilePausesEnd(Duration.ofMinutes(1), this::lastTickErred);

        assertThat(completed.stableRevision).isEqualTo(canary);
        assertNoViolations();
        List<AnalysisStatus> analyses = watch.analyses(canary);
        assertThat(analyses).as("errors recorded in the status").anyMatch(a -> "Error".equals(a.verdict));
        assertThat(analyses).extracting(a -> a.consecutiveErrors).as("never beyond the limit").allMatch(n -> n <= ERROR_LIMIT);
        assertThat(proxy.injected().values().stream().mapToInt(Integer::intValue).sum()).as("faulted ticks").isGreaterThanOrEqualTo(5);
    }

    private boolean lastTickErred() {
        List<PrometheusFaultProxy.Tick> ticks = proxy.ticks();
        return !ticks.isEmpty() && ticks.get(ticks.size() - 1).fault() != null
                && ticks.get(ticks.size() - 1).fault().outcome == PrometheusFault.Outcome.ERROR;
    }
}
