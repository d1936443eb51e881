package io.kulta.kube;

import java.time.Duration;

/**
 * The waits between attempts at start-up: from a first wait doubling up to a longest, for as long as the next wait
 * still ends within the patience. One per call that retries; not shared between threads.
 */
public final class Backoff {
    private final long deadline;
    private final long longestMillis;
    private long waitMillis;
    private int attempts = 1;

    public Backoff(Duration patience, Duration first, Duration longest) {
        this.deadline = System.nanoTime() + patience.toNanos();
        this.waitMillis = first.toMillis();
        this.longestMillis = longest.toMillis();
    }

    /** Whether the next wait ends within the patience. */
    public boolean fits() {
        return System.nanoTime() + waitMillis * 1_000_000 <= deadline;
    }

    /** Sleeps the next wait and counts one attempt more. */
    public void pause() throws InterruptedException {
        Thread.sleep(waitMillis);
        waitMillis = Math.min(waitMillis * 2, longestMillis);
        attempts++;
    }

    public long nextWaitMillis() {
        return waitMillis;
    }

    /** Attempts so far, the first included. */
    public int attempts() {
        return attempts;
    }
}
