package io.kulta.kube;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The resourceVersion of each Rollout's last status write, and of our last write of each object we wrote for it
 * (its ReplicaSets, Services, HTTPRoute). A cached copy older than that has not caught up with our own write yet;
 * reconciling on it would repeat a write already made (a second create, a second scale) — the "expectations" of
 * Kubernetes' own controllers. An object's expectation lapses after {@link #CHILD_TTL} (say it was deleted meanwhile).
 * Kubernetes resourceVersions are opaque, but etcd's (and the mock's) are increasing integers; any
 * other form is never treated as stale.
 */
public final class WrittenVersions {
    static final Duration CHILD_TTL = Duration.ofSeconds(5);

    private record Expected(long version, long atNanos) {
    }

    private final ConcurrentHashMap<String, Long> written = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, Expected>> children = new ConcurrentHashMap<>();

    /** Our write of an object of the Rollout's, e.g. child {@code rs/shop-5f6d}, answered with this resourceVersion. */
    public void recordChild(String rolloutKey, String child, String resourceVersion) {
        Long v = parse(resourceVersion);
        if (v == null) return;
        children.computeIfAbsent(rolloutKey, k -> new ConcurrentHashMap<>())
                .merge(child, new Expected(v, System.nanoTime()), (a, b) -> a.version() >= b.version() ? a : b);
    }

    /**
     * Whether the cache lags behind one of our writes of the Rollout's objects, and if so how long until that
     * expectation lapses. Caught-up and lapsed expectations are dropped.
     *
     * @param cachedVersion child → the cached copy's resourceVersion, or null when the cache has none
     */
    public Optional<Duration> childrenBehind(String rolloutKey, Function<String, String> cachedVersion) {
        Map<String, Expected> expected = children.get(rolloutKey);
        if (expected == null) return Optional.empty();
        long now = System.nanoTime();
        Duration wait = null;
        for (Map.Entry<String, Expected> e : expected.entrySet()) {
            Long cached = parse(cachedVersion.apply(e.getKey()));
            Duration left = CHILD_TTL.minusNanos(now - e.getValue().atNanos());
            if ((cached != null && cached >= e.getValue().version()) || left.isNegative()) {
                expected.remove(e.getKey(), e.getValue());
            } else if (wait == null || left.compareTo(wait) < 0) {
                wait = left;
            }
        }
        if (expected.isEmpty()) children.remove(rolloutKey, expected);
        return Optional.ofNullable(wait);
    }

    public void record(String key, String resourceVersion) {
        Long v = parse(resourceVersion);
        if (v != null) written.merge(key, v, Math::max);
    }

    /** A write made on top of this version, whose own version is unknown (e.g. the one that deleted the object). */
    public void recordNewerThan(String key, String resourceVersion) {
        Long v = parse(resourceVersion);
        if (v != null) written.merge(key, v + 1, Math::max);
    }

    public boolean isStale(String key, String cachedVersion) {
        Long cached = parse(cachedVersion);
        Long mine = written.get(key);
        return cached != null && mine != null && cached < mine;
    }

    public void forget(String key) {
        written.remove(key);
        children.remove(key);
    }

    public int size() {
        return written.size() + children.size();
    }

    private static Long parse(String rv) {
        try {
            return rv == null ? null : Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
