package io.kulta.scenario;

import io.kulta.playground.FaultPlan;
import io.kulta.playground.FaultPlan.Fault;
import io.kulta.testing.HttpGet;
import io.kulta.testing.PrometheusText;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18: every watch the controller opens from a resourceVersion is answered 410 Gone, so no informer ever watches;
 * fabric8 alone re-lists with a backoff that grows to 32 s, and the caches go stale for that long. The controller
 * restarts an informer that has not watched for longer than the resync (5 s here), so each canary acts on its new
 * ReplicaSet's available pods within two resyncs (plus slack on 2 busy cores) of the API reporting them, and /readyz
 * never turns unready meanwhile (every restarted cache starts from its predecessor's contents).
 */
class ChaosRewatchGoneScenarioTest extends ChaosScenario {
    static final Duration RESYNC = Duration.ofSeconds(5);
    static final Duration BOUND = RESYNC.multipliedBy(2).plusSeconds(3);

    @Test
    void withEveryWatchFromAVersionAnswered410EachCanaryActsOnItsReplicaSetWithinTwoResyncs() throws Exception {
        FaultPlan plan = faults(1).only(EnumSet.of(Fault.REWATCH_GONE));
        cluster.api().injectFaults(plan);
        try (AvailableReplicaSets available = new AvailableReplicaSets(cluster)) {
            RunningController controller = startController(Map.of("kulta.resyncSeconds", String.valueOf(RESYNC.toSeconds())));
            createFleetAndAwaitFirstDeployments(Duration.ofSeconds(90));

            Queue<String> unready = new ConcurrentLinkedQueue<>();
            ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor();
            probe.scheduleWithFixedDelay(() -> {
                try {
                    HttpGet.Answer a = HttpGet.get(controller.httpUrl() + "/readyz");
                    if (a.status() != 200) unready.add(a.status() + " " + a.body().strip());
                } catch (RuntimeException e) {
                    unready.add(e.toString());
                }
            }, 0, 250, TimeUnit.MILLISECONDS);
            try {
                fleet.update();
                List<String> late = canariesLateOnTheirReplicaSets(available, Duration.ofSeconds(60));
                assertThat(late).as("seed %d, bound %s", SEED, BOUND).isEmpty();
                awaitFleetFinalStates(Duration.ofSeconds(120));
            } finally {
                probe.shutdownNow();
            }

            printSummary(plan);
            assertThat(plan.log()).as("re-watches answered 410").anyMatch(l -> l.contains("REWATCH_GONE"));
            assertThat(unready).as("/readyz while informers were restarted").isEmpty();
            PrometheusText metrics = new PrometheusText(HttpGet.get(controller.httpUrl() + "/metrics").body());
            assertThat(metrics.value("kulta_informer_restarts_total", Map.of("resource", "ReplicaSet")))
                    .as("ReplicaSet informer restarts on /metrics").isNotNull().isPositive();
            assertHistories(plan);
        }
    }

    /**
     * Each canary's reaction to its new ReplicaSet: from the API reporting all its pods available to the first status
     * that put the first step's weight on it. Waits at most {@code within} for every canary to react.
     */
    private List<String> canariesLateOnTheirReplicaSets(AvailableReplicaSets available, Duration within) {
        List<ChaosFleet.Member> canaries = fleet.members().stream().filter(m -> m.strategy() == ChaosFleet.Strategy.CANARY).toList();
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(250))
                    .until(() -> canaries.stream().allMatch(m -> actedAt(available, m).isPresent()));
        } catch (ConditionTimeoutException e) {
            // reported per canary below
        }
        List<String> late = new ArrayList<>();
        for (ChaosFleet.Member m : canaries) {
            OptionalLong ready = available.firstAvailable(fleet.second(m.name()));
            OptionalLong acted = actedAt(available, m);
            if (acted.isEmpty()) {
                late.add(m.name() + (ready.isEmpty() ? ": its canary never had its pods available"
                        : ": no weight on its canary within " + within.toSeconds() + " s of the update, though its pods were available"));
                continue;
            }
            Duration reaction = Duration.ofNanos(acted.getAsLong() - ready.getAsLong());
            System.out.printf("  %s: weight on the canary %d ms after its pods were available%n", m.name(), reaction.toMillis());
            if (reaction.compareTo(BOUND) > 0) late.add(m.name() + " acted " + reaction.toMillis() + " ms after its pods were available");
        }
        return late;
    }

    /** When a status first put weight on the canary after the API reported its pods available. */
    private OptionalLong actedAt(AvailableReplicaSets available, ChaosFleet.Member m) {
        String canary = fleet.second(m.name());
        OptionalLong ready = available.firstAvailable(canary);
        if (ready.isEmpty()) return OptionalLong.empty();
        return history.of(m.name()).stream()
                .filter(s -> s.nanos() >= ready.getAsLong() && canary.equals(s.canary()) && s.weight() != null && s.weight() > 0)
                .mapToLong(RolloutHistory.Seen::nanos).findFirst();
    }
}
