package io.kulta.kube;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The resourceVersion of each Rollout's last status write. A cached Rollout older than that has not
 * caught up with our own write yet; reconciling it would repeat a decision already made.
 * Kubernetes resourceVersions are opaque, but etcd's (and the mock's) are increasing integers; any
 * other form is never treated as stale.
 */
public final class WrittenVersions {
    private final ConcurrentHashMap<String, Long> written = new ConcurrentHashMap<>();

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
    }

    public int size() {
        return written.size();
    }

    private static Long parse(String rv) {
        try {
            return rv == null ? null : Long.parseLong(rv);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
