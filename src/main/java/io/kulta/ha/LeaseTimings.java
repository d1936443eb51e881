package io.kulta.ha;

import java.time.Duration;

/**
 * The Lease's timings (SPEC §6: KULTA_LEASE_DURATION_SECONDS / _RENEW_SECONDS / _RETRY_SECONDS, default 15 / 5 / 2).
 * A leader that has not renewed for {@code renewDeadline} stops writing; the Lease can be taken only after
 * {@code duration}, so duration − renewDeadline is the margin in which a deposed leader's last request must land.
 */
public record LeaseTimings(Duration duration, Duration renewDeadline, Duration retryPeriod) {
    public LeaseTimings {
        if (duration.compareTo(renewDeadline) <= 0)
            throw new IllegalArgumentException("the lease duration (" + duration + ") must be longer than the renew deadline (" + renewDeadline + ")");
        if (renewDeadline.toMillis() <= 2.2 * retryPeriod.toMillis())
            throw new IllegalArgumentException("the renew deadline (" + renewDeadline + ") must be longer than 2.2 retry periods (" + retryPeriod + ")");
    }

    /** From seconds, fractions allowed (tests use sub-second retries). */
    public static LeaseTimings ofSeconds(double duration, double renewDeadline, double retryPeriod) {
        return new LeaseTimings(millis(duration), millis(renewDeadline), millis(retryPeriod));
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
