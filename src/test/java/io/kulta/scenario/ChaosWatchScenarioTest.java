package io.kulta.scenario;

import io.kulta.playground.FaultPlan;
import io.kulta.playground.FaultPlan.Fault;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, third bullet: every watch of the controller is closed by the server within 3 s, or, when it resumes from a
 * resourceVersion, answered 410 Gone. With a resync of 5 s, no change may be lost for longer than that: each Rollout
 * reacts to its new template within the resync period (plus a second of slack on 2 busy cores), and completes.
 */
class ChaosWatchScenarioTest extends ChaosScenario {
    static final Duration RESYNC = Duration.ofSeconds(5);

    @Test
    void withEveryWatchClosedOrAnswered410EveryFewSecondsNoChangeIsLostForLongerThanTheResync() throws Exception {
        // every watch closed within 3 s; the re-watch after it answered 410 (the mock cannot replay what it missed)
        FaultPlan plan = faults(1).only(EnumSet.of(Fault.WATCH_CLOSED)).watchLifetime(Duration.ofSeconds(3));
        cluster.api().injectFaults(plan);
        startController(Map.of("kulta.resyncSeconds", String.valueOf(RESYNC.toSeconds())));

        createFleetAndAwaitFirstDeployments(Duration.ofSeconds(40));
        fleet.update();
        awaitFleetFinalStates(Duration.ofSeconds(60));

        printSummary(plan);
        assertThat(plan.log()).as("watches closed").anyMatch(l -> l.contains("WATCH_CLOSED"));
        assertThat(plan.log()).as("re-watches answered 410").anyMatch(l -> l.contains("REWATCH_GONE"));
        List<String> late = new ArrayList<>();
        for (ChaosFleet.Member m : fleet.members()) {
            Duration reaction = Duration.ofNanos(history.firstSeen(m.name(), fleet.second(m.name())) - fleet.updatedAt(m.name()));
            if (reaction.compareTo(RESYNC.plusSeconds(1)) > 0) late.add(m.name() + " reacted after " + reaction.toMillis() + " ms");
        }
        assertThat(late).as("seed %d", SEED).isEmpty();
        assertHistories(plan);
    }
}
