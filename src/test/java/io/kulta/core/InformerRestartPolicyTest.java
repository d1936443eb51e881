package io.kulta.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InformerRestartPolicyTest {
    static final Duration RESYNC = Duration.ofSeconds(30);

    static long at(double seconds) {
        return (long) (seconds * 1e9);
    }

    @Test
    void anInformerThatWatchesIsNeverRestarted() {
        InformerRestartPolicy policy = new InformerRestartPolicy(RESYNC, at(0));
        for (int s = 0; s <= 300; s += 10) assertThat(policy.restartNow(at(s), true, false)).as("at %d s", s).isFalse();
    }

    @Test
    void anInformerWithoutAWatchIsRestartedOnlyOnceTheResyncHasPassedSinceItLastWatched() {
        InformerRestartPolicy policy = new InformerRestartPolicy(RESYNC, at(0));
        assertThat(policy.restartNow(at(5), true, false)).isFalse();
        assertThat(policy.restartNow(at(20), false, false)).as("15 s without a watch").isFalse();
        assertThat(policy.restartNow(at(35), false, false)).as("exactly the resync without a watch").isFalse();
        assertThat(policy.notWatchingFor(at(35.5))).isEqualTo(Duration.ofMillis(30_500));
        assertThat(policy.restartNow(at(35.5), false, false)).as("longer than the resync").isTrue();
    }

    @Test
    void aRestartedInformerGetsAnotherResyncBeforeTheNextRestart() {
        InformerRestartPolicy policy = new InformerRestartPolicy(RESYNC, at(0));
        assertThat(policy.restartNow(at(31), false, false)).isTrue();
        assertThat(policy.notWatchingFor(at(31))).isEqualTo(Duration.ZERO);
        assertThat(policy.restartNow(at(45), false, false)).isFalse();
        assertThat(policy.restartNow(at(61), false, false)).isFalse();
        assertThat(policy.restartNow(at(61.5), false, false)).isTrue();
    }

    @Test
    void anInformerThatNeverStartedWatchingCountsFromItsStart() {
        InformerRestartPolicy policy = new InformerRestartPolicy(RESYNC, at(100));
        assertThat(policy.restartNow(at(129), false, false)).isFalse();
        assertThat(policy.restartNow(at(131), false, false)).isTrue();
    }

    @Test
    void aWatchSeenAgainStartsTheCountAfresh() {
        InformerRestartPolicy policy = new InformerRestartPolicy(RESYNC, at(0));
        assertThat(policy.restartNow(at(25), false, false)).isFalse();
        assertThat(policy.restartNow(at(28), true, false)).isFalse();
        assertThat(policy.restartNow(at(50), false, false)).as("22 s since the watch was seen").isFalse();
        assertThat(policy.restartNow(at(58.5), false, false)).isTrue();
    }

    @Test
    void aListUnderWayIsNeverCutShortAndTheLimitCountsFromItsEnd() {
        InformerRestartPolicy policy = new InformerRestartPolicy(RESYNC, at(0));
        for (int s = 10; s <= 120; s += 10) assertThat(policy.restartNow(at(s), false, true)).as("listing at %d s", s).isFalse();
        assertThat(policy.restartNow(at(140), false, false)).as("20 s after the list ended, no watch yet").isFalse();
        assertThat(policy.restartNow(at(150.5), false, false)).as("longer than the resync since the list ended").isTrue();
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new InformerRestartPolicy(Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
