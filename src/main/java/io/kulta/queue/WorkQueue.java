package io.kulta.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A keyed work queue with client-go's semantics: a key is handed to one worker at a time; adds of a
 * key that is waiting are coalesced; a key added while being processed is handed out again when its
 * worker is done; failures come back after a capped exponential backoff; delayed adds keep the
 * earliest due time. Two lanes: keys added by an event are handed out before keys added by a periodic
 * resync, so a change in a large fleet does not wait behind every settled Rollout's re-check; a waiting
 * background key that an event adds again moves to the front lane.
 */
public final class WorkQueue implements AutoCloseable {
    private final Set<String> events = new LinkedHashSet<>();
    private final Set<String> background = new LinkedHashSet<>();
    /** Keys waiting or to be handed out again, each with whether an event (not only a resync) asked for it. */
    private final Map<String, Boolean> dirty = new HashMap<>();
    private final Set<String> processing = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Delayed> delayed = new HashMap<>();
    private final ScheduledExecutorService timer;
    private final long baseBackoffMillis;
    private final long maxBackoffMillis;
    private boolean shutDown;
    private volatile BooleanSupplier open = () -> true;
    private final AtomicLong adds = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final Map<String, Long> queuedAt = new HashMap<>();
    private volatile LongConsumer waited = nanos -> { };

    private record Delayed(long dueNanos, ScheduledFuture<?> future) {
    }

    public WorkQueue(Duration baseBackoff, Duration maxBackoff) {
        this.baseBackoffMillis = Math.max(1, baseBackoff.toMillis());
        this.maxBackoffMillis = Math.max(baseBackoffMillis, maxBackoff.toMillis());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kulta-queue-timer");
            t.setDaemon(true);
            return t;
        });
    }

    /** Keys are collected but handed out only while this holds (the caches are synced: no reconcile reads a partial cache). */
    public void handOutOnlyWhen(BooleanSupplier open) {
        this.open = open;
    }

    /** Told, for every key handed to a worker, how long it waited in the queue (nanoseconds). */
    public void reportWaits(LongConsumer waited) {
        this.waited = waited;
    }

    /** Adds a key because something about it changed: it is handed out before any background key. */
    public void add(String key) {
        add(key, true);
    }

    /** Adds a key for a periodic re-check: it is handed out only when no event key is waiting. */
    public void addBackground(String key) {
        add(key, false);
    }

    private synchronized void add(String key, boolean event) {
        if (shutDown) return;
        adds.incrementAndGet();
        Boolean was = dirty.get(key);
        if (was != null && (was || !event)) return;
        dirty.put(key, event);
        if (processing.contains(key)) return;
        if (was != null) background.remove(key);
        enqueue(key, event);
    }

    public void addAfter(String key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        long due = System.nanoTime() + delay.toNanos();
        synchronized (this) {
            if (shutDown) return;
            Delayed existing = delayed.get(key);
            if (existing != null && existing.dueNanos() <= due) return;
            if (existing != null) existing.future().cancel(false);
            ScheduledFuture<?> f = timer.schedule(() -> fire(key, due), delay.toNanos(), TimeUnit.NANOSECONDS);
            delayed.put(key, new Delayed(due, f));
        }
    }

    /** Re-adds a key that failed, after base·2^(failures) capped at the maximum. */
    public void retryLater(String key) {
        retries.incrementAndGet();
        int n;
        synchronized (this) {
            n = failures.merge(key, 1, Integer::sum);
        }
        addAfter(key, Duration.ofMillis(backoffMillis(n)));
    }

    long backoffMillis(int failureCount) {
        int shift = Math.min(30, Math.max(0, failureCount - 1));
        return Math.min(maxBackoffMillis, baseBackoffMillis << shift);
    }

    /** The key succeeded: its backoff starts over. */
    public synchronized void forget(String key) {
        failures.remove(key);
    }

    /** The key's object is gone: its backoff and any delayed add are dropped. */
    public synchronized void forgetDeleted(String key) {
        failures.remove(key);
        Delayed d = delayed.remove(key);
        if (d != null) d.future().cancel(false);
    }

    /** Keys with a backoff or a delayed add pending (what forgetDeleted drops). */
    public synchronized int trackedKeys() {
        return failures.size() + delayed.size();
    }

    /** Blocks up to the timeout for a key; null when none came or the queue is shut down. */
    public synchronized String take(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((length() == 0 || !open.getAsBoolean()) && !shutDown) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (shutDown) return null;
        Iterator<String> lane = (events.isEmpty() ? background : events).iterator();
        String key = lane.next();
        lane.remove();
        dirty.remove(key);
        processing.add(key);
        Long since = queuedAt.remove(key);
        if (since != null) waited.accept(System.nanoTime() - since);
        return key;
    }

    public synchronized void done(String key) {
        processing.remove(key);
        Boolean event = dirty.get(key);
        if (event != null) enqueue(key, event);
    }

    private void enqueue(String key, boolean event) {
        (event ? events : background).add(key);
        queuedAt.putIfAbsent(key, System.nanoTime());
        notifyAll();
    }

    public synchronized int length() {
        return events.size() + background.size();
    }

    /** Adds so far, coalesced ones included (delayed adds count when they fire). */
    public long adds() {
        return adds.get();
    }

    /** Failed keys put back with backoff so far. */
    public long retries() {
        return retries.get();
    }

    @Override
    public void close() {
        synchronized (this) {
            shutDown = true;
            notifyAll();
        }
        timer.shutdownNow();
    }

    private void fire(String key, long due) {
        synchronized (this) {
            Delayed d = delayed.get(key);
            if (d == null || d.dueNanos() != due) return;
            delayed.remove(key);
        }
        add(key);
    }
}
