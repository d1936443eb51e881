package io.kulta.core;

import java.time.Duration;

/**
 * When to restart an informer that does not watch. fabric8 (7.4) re-lists after a 410 Gone and retries a failed
 * watch with a backoff that grows to 32 s, so when every watch fails its cache is only as fresh as that backoff; the
 * resync re-reads the cache and cannot help. An informer that has not been seen watching for longer than the limit (the
 * resync period) is restarted: a fresh list, and fabric8's backoff from its start. After a restart it has another
 * limit's time before the next one.
 * <p>
 * A list still under way (none of its requests failed) counts as healthy, however long it takes: at 10,000 Rollouts a
 * first list can outlast the limit, and restarting it only starts the same list again, for ever. The limit then counts
 * from the end of the list. Time is a monotonic count of nanoseconds (System.nanoTime) passed in by the caller.
 */
public final class InformerRestartPolicy {
    private final long limitNanos;
    private long healthyAtNanos;

    /** @param startedAtNanos when the informer was started: it has until {@code limit} after it to start watching */
    public InformerRestartPolicy(Duration limit, long startedAtNanos) {
        if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("limit must be positive: " + limit);
        this.limitNanos = limit.toNanos();
        this.healthyAtNanos = startedAtNanos;
    }

    /**
     * One look at the informer.
     *
     * @param watching whether it has a working watch now
     * @param listing  whether its list is under way and has not failed
     * @return true when it should be restarted now (its time without a watch then counts from now)
     */
    public synchronized boolean restartNow(long nowNanos, boolean watching, boolean listing) {
        if (watching || listing) {
            healthyAtNanos = nowNanos;
            return false;
        }
        if (nowNanos - healthyAtNanos <= limitNanos) return false;
        healthyAtNanos = nowNanos;
        return true;
    }

    /** How long it has been neither watching nor listing (since its start or its last restart, if it never was). */
    public synchronized Duration notWatchingFor(long nowNanos) {
        return Duration.ofNanos(Math.max(0, nowNanos - healthyAtNanos));
    }
}
