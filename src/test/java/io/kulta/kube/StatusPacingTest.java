package io.kulta.kube;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusPacingTest {
    final List<Duration> lookedAgain = new ArrayList<>();
    final StatusPacing pacing = new StatusPacing(Duration.ofSeconds(5), (key, delay) -> lookedAgain.add(delay));

    @Test
    void onlyCountersAndWordingCanWait() {
        RolloutStatus written = status(Phase.Paused, 20, 6, "6/5 replicas available");
        assertThat(pacing.observationsOnly(written, status(Phase.Paused, 20, 5, "5/5 replicas available"))).isTrue();
        assertThat(pacing.observationsOnly(written, status(Phase.Paused, 50, 6, "6/5 replicas available"))).as("weight").isFalse();
        assertThat(pacing.observationsOnly(written, status(Phase.Progressing, 20, 6, "6/5 replicas available"))).as("phase").isFalse();
    }

    @Test
    void aCounterChangeWaitsForTheIntervalAndLooksAgainThen() {
        RolloutStatus written = status(Phase.Paused, 20, 6, "6/5");
        RolloutStatus next = status(Phase.Paused, 20, 5, "5/5");
        assertThat(pacing.defers("ns/r", written, next, true)).as("no write remembered yet: at once").isFalse();
        pacing.wrote("ns/r");
        assertThat(pacing.defers("ns/r", written, next, true)).isTrue();
        assertThat(lookedAgain).singleElement().satisfies(d -> assertThat(d).as("what is left of 5 s; a loaded machine may take a moment between the two calls").isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5)));
        assertThat(pacing.defers("ns/r", written, status(Phase.Paused, 50, 5, "5/5"), true)).as("a decision").isFalse();
    }

    @Test
    void whileARollingUpdateIsUnderWayCountersWaitTwiceAsLongSoItsProgressStillShows() {
        pacing.wrote("ns/r");
        assertThat(pacing.defers("ns/r", status(Phase.Progressing, 20, 5, "1/3"), status(Phase.Progressing, 20, 6, "2/3"), false)).isTrue();
        assertThat(lookedAgain).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10)));
    }

    @Test
    void whileACanaryOrBlueGreenStepIsUnderWayCountersWaitForItsNextTransition() {
        pacing.wrote("ns/r");
        assertThat(pacing.defers("ns/r", status(Phase.Progressing, 20, 5, "1/3"), status(Phase.Progressing, 20, 6, "2/3"), true)).isTrue();
        assertThat(lookedAgain).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(58), Duration.ofSeconds(60)));
    }

    private static RolloutStatus status(Phase phase, int weight, int ready, String healthy) {
        RolloutStatus s = new RolloutStatus();
        s.phase = phase;
        s.currentWeight = weight;
        s.readyReplicas = ready;
        s.replicas = ready;
        s.message = "step 1/3: " + weight + "%";
        s.conditions.add(new ConditionBuilder().withType("Healthy").withStatus("True").withReason("Replicas").withMessage(healthy).build());
        return s;
    }
}
