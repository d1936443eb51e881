package io.kulta.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock running {@code factor} times faster than real time from a start: long pauses pass in seconds, unattended. */
public final class FastClock extends Clock {
    private final Instant start;
    private final long startNanos = System.nanoTime();
    private final int factor;

    public FastClock(Instant start, int factor) {
        this.start = start;
        this.factor = factor;
    }

    /** This much clock time is this much real time. */
    public Duration real(Duration clockTime) {
        return clockTime.dividedBy(factor);
    }

    @Override
    public Instant instant() {
        return start.plusNanos((System.nanoTime() - startNanos) * factor);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
