package io.kulta.core;

import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FleetQueueTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aRolloutUnderWayOrPausedHoldsASlotAndOneThatEndedDoesNot() {
        assertThat(FleetQueue.holdsSlot(status(Phase.Progressing, "b", null))).isTrue();
        assertThat(FleetQueue.holdsSlot(status(Phase.Paused, "b", null))).isTrue();
        assertThat(FleetQueue.holdsSlot(status(Phase.Preview, "b", null))).as("blue-green before promotion").isTrue();
        assertThat(FleetQueue.holdsSlot(status(Phase.Experimenting, "b", null))).isTrue();
        assertThat(FleetQueue.holdsSlot(status(Phase.Failed, "b", null))).isFalse();
        assertThat(FleetQueue.holdsSlot(status(Phase.Aborted, "b", null))).isFalse();
        assertThat(FleetQueue.holdsSlot(status(Phase.Completed, null, null))).isFalse();
        assertThat(FleetQueue.holdsSlot(status(Phase.Progressing, null, T0))).as("queued").isFalse();
    }

    @Test
    void noSlotIsFreeWhileTheLimitHoldsOne() {
        var fleet = List.of(member("a", Phase.Progressing, "x", null), member("b", Phase.Paused, "y", null));
        assertThat(FleetQueue.mayStart("c", T0, fleet, Set.of(), 2)).isFalse();
        assertThat(FleetQueue.mayStart("c", T0, fleet, Set.of(), 3)).isTrue();
        assertThat(FleetQueue.mayStart("c", T0, fleet, Set.of(), 0)).as("0: no limit").isTrue();
    }

    @Test
    void aStartTheCachesDoNotShowYetHoldsItsSlot() {
        var fleet = List.of(member("a", Phase.Completed, null, null));
        assertThat(FleetQueue.mayStart("c", T0, fleet, Set.of("a"), 1)).isFalse();
    }

    @Test
    void theLongestWaitingGoesFirstThenByName() {
        var fleet = List.of(member("z", Phase.Progressing, null, T0), member("m", Phase.Progressing, null, T0.plusSeconds(5)),
                member("a", Phase.Progressing, null, T0.plusSeconds(5)));
        assertThat(FleetQueue.waitersInOrder(fleet)).containsExactly("z", "a", "m");
        assertThat(FleetQueue.mayStart("a", T0.plusSeconds(5), fleet, Set.of(), 1)).as("z waits longer").isFalse();
        assertThat(FleetQueue.mayStart("a", T0.plusSeconds(5), fleet, Set.of(), 2)).isTrue();
        assertThat(FleetQueue.mayStart("m", T0.plusSeconds(5), fleet, Set.of(), 2)).as("a is ahead by name").isFalse();
        assertThat(FleetQueue.mayStart("new", T0.plusSeconds(9), fleet, Set.of(), 3)).as("three ahead of it").isFalse();
    }

    private static FleetQueue.Member member(String key, Phase phase, String canary, Instant queuedAt) {
        return new FleetQueue.Member(key, status(phase, canary, queuedAt));
    }

    private static RolloutStatus status(Phase phase, String canary, Instant queuedAt) {
        RolloutStatus s = new RolloutStatus();
        s.phase = phase;
        s.canaryRevision = canary;
        s.queuedAt = queuedAt == null ? null : Timestamps.format(queuedAt);
        return s;
    }
}
