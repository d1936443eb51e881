package io.kulta.scenario;

import io.kulta.core.Conditions;
import io.kulta.model.AnalysisConfig.FailurePolicy;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.prometheus.PrometheusFault;
import io.kulta.testing.prometheus.PrometheusFaultSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prometheus erroring for longer than consecutiveErrorLimit (3) after the canary's first pass (SPEC §4): Rollback rolls
 * back on the 4th error in a row and not before; Pause holds the step however long it lasts and goes on once Prometheus
 * answers; Continue goes on and completes. See
 * {@link PrometheusGarbageScenarioTest} for answers that are no answers.
 */
class PrometheusOutageScenarioTest extends FaultyPrometheusScenario {
    static final long SEED = 2718;

    @ParameterizedTest(name = "failurePolicy {0}")
    @EnumSource(FailurePolicy.class)
    void errorsBeyondTheLimitDoWhatTheFailurePolicySays(FailurePolicy policy) throws Exception {
        start(policy);
        deployThenUpdate(policy);
        awaitSeen(s -> assertThat(s.lastAnalysis.verdict).isEqualTo("Pass"));

        proxy.follow(PrometheusFaultSchedule.outage(SEED + policy.ordinal(), PrometheusFault.errors()));
        int healedAt = -1;
        switch (policy) {
            case Rollback -> {
                RolloutStatus failed = awaitSeen(s -> assertThat(s.phase).isEqualTo(Phase.Failed));
                assertThat(failed.lastAnalysis.consecutiveErrors).as("on the error after the limit").isEqualTo(ERROR_LIMIT + 1);
                assertThat(failed.message).contains("failurePolicy Rollback", "Prometheus error");
                assertThat(watch.seen()).filteredOn(s -> s.lastAnalysis != null && "Error".equals(s.lastAnalysis.verdict)
                        && s.lastAnalysis.consecutiveErrors <= ERROR_LIMIT).as("within the limit only held").allMatch(s -> s.phase != Phase.Failed);
                await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                        assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-stable", 100).containsEntry("shop-canary", 0));
            }
            case Pause -> {
                awaitSeen(s -> assertThat(s.lastAnalysis.verdict).isEqualTo("Error"));   // the pass before the outage no longer counts
                clock.advance(Duration.ofMinutes(1));   // the pause is over; only the analysis holds the step
                RolloutStatus held = awaitSeen(s -> assertThat(s.lastAnalysis.consecutiveErrors).isGreaterThan(2 * ERROR_LIMIT));
                assertThat(held.phase).isEqualTo(Phase.Paused);
                assertThat(held.currentStepIndex).isZero();
                assertThat(Conditions.find(held.conditions, Conditions.PROGRESSING).orElseThrow().getReason()).isEqualTo("AnalysisError");
                assertThat(held.message).contains("failurePolicy Pause");

                healedAt = watch.analyses(canary).size();
                proxy.follow(PrometheusFaultSchedule.healthy());
                completesWhilePausesEnd();
            }
            case Continue -> {
                awaitSeen(s -> assertThat(s.lastAnalysis.consecutiveErrors).isGreaterThan(ERROR_LIMIT + 1));
                completesWhilePausesEnd();
                assertThat(watch.seen()).filteredOn(s -> s.currentStepIndex != null && s.currentStepIndex == 1)
                        .as("step 1 reached while Prometheus was down").isNotEmpty();
            }
        }
        assertNoViolations();
        List<AnalysisStatus> analyses = watch.analyses(canary);
        int firstError = firstErrorIndex(analyses);
        assertThat(analyses.subList(firstError, healedAt < 0 ? analyses.size() : healedAt)).extracting(a -> a.verdict)
                .as("from the first error until Prometheus heals, every analysis is an error").containsOnly("Error");
    }

    private static int firstErrorIndex(List<AnalysisStatus> analyses) {
        for (int i = 0; i < analyses.size(); i++) if ("Error".equals(analyses.get(i).verdict)) return i;
        throw new AssertionError("no error recorded: " + analyses.stream().map(a -> a.verdict).toList());
    }
}
