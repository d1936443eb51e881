package io.kulta.core;

import io.fabric8.kubernetes.api.model.IntOrString;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of a rolling update, step by step as a Kubernetes Deployment takes it, for N replicas:
 * <pre>
 *   maxSurge       = a number, or ⌈N·p/100⌉ of a percentage p      (default 25%)
 *   maxUnavailable = a number, or ⌊N·p/100⌋ of a percentage p      (default 0)
 *   both 0         → maxSurge 1, so the update can move without giving up capacity
 *                    (Kubernetes raises maxUnavailable to 1 instead; KULTA's default is zero downtime)
 *
 *   target grows to   min(N, target + (N + maxSurge − Σ desired))
 *   the others shrink by up to Σ desired − (N − maxUnavailable) − unavailable pods of the target:
 *                     first their unavailable pods, then available ones while Σ available ≥ N − maxUnavailable,
 *                     in the order given (abandoned revisions before the stable one)
 * </pre>
 * A ReplicaSet's available pods count at most up to its desired replicas: pods it is shedding are gone.
 * The target grows against the totals before the others shrink, so the sum never passes N + maxSurge,
 * even between the two writes.
 */
public final class RollingUpdate {
    public static final String DEFAULT_MAX_SURGE = "25%";
    public static final String DEFAULT_MAX_UNAVAILABLE = "0";

    private RollingUpdate() {
    }

    /** The resolved bounds: pods above N allowed, and pods below N allowed to be unavailable. */
    public record Bounds(int maxSurge, int maxUnavailable) {
        /** spec.maxSurge / spec.maxUnavailable as given (int or string); validated before. */
        public static Bounds of(IntOrString maxSurge, IntOrString maxUnavailable, int replicas) {
            return of(text(maxSurge), text(maxUnavailable), replicas);
        }

        public static Bounds of(String maxSurge, String maxUnavailable, int replicas) {
            int surge = scaled(maxSurge == null ? DEFAULT_MAX_SURGE : maxSurge, replicas, true);
            int unavailable = scaled(maxUnavailable == null ? DEFAULT_MAX_UNAVAILABLE : maxUnavailable, replicas, false);
            return surge == 0 && unavailable == 0 ? new Bounds(1, 0) : new Bounds(surge, unavailable);
        }

        @Override
        public String toString() {
            return "maxSurge " + maxSurge + ", maxUnavailable " + maxUnavailable;
        }
    }

    private static String text(IntOrString value) {
        if (value == null) return null;
        return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    }

    /** A number as it is, or a percentage of {@code replicas}, rounded up or down. */
    static int scaled(String value, int replicas, boolean roundUp) {
        if (!value.endsWith("%")) return Integer.parseInt(value);
        long part = (long) replicas * Integer.parseInt(value.substring(0, value.length() - 1));
        return (int) (roundUp ? (part + 99) / 100 : part / 100);
    }

    /**
     * Desired replicas of every revision after one step toward {@code target}.
     *
     * @param current the target's ReplicaSet, or null when it does not exist yet
     * @param others  every other ReplicaSet, in the order they give up pods
     */
    public static Map<String, Integer> step(String target, ReplicaSetState current, List<ReplicaSetState> others,
                                            int replicas, Bounds bounds) {
        int targetDesired = current == null ? 0 : current.desired();
        int targetAvailable = current == null ? 0 : available(current);
        int othersDesired = others.stream().mapToInt(ReplicaSetState::desired).sum();
        int grown = targetDesired >= replicas ? replicas
                : targetDesired + Math.max(0, Math.min(replicas + bounds.maxSurge() - targetDesired - othersDesired, replicas - targetDesired));

        Map<String, Integer> desired = new LinkedHashMap<>();
        desired.put(target, grown);
        others.forEach(rs -> desired.put(rs.revision(), rs.desired()));
        int minAvailable = Math.max(0, replicas - bounds.maxUnavailable());
        int maxScaledDown = grown + othersDesired - minAvailable - Math.max(0, grown - targetAvailable);
        if (maxScaledDown <= 0) return desired;

        int unavailableRemoved = 0;
        for (ReplicaSetState rs : others) {
            int remove = Math.min(rs.desired() - available(rs), maxScaledDown - unavailableRemoved);
            desired.merge(rs.revision(), -remove, Integer::sum);
            unavailableRemoved += remove;
        }
        int removable = targetAvailable + others.stream().mapToInt(RollingUpdate::available).sum() - minAvailable;
        for (ReplicaSetState rs : others) {
            if (removable <= 0) break;
            int remove = Math.min(desired.get(rs.revision()), removable);
            desired.merge(rs.revision(), -remove, Integer::sum);
            removable -= remove;
        }
        return desired;
    }

    static int available(ReplicaSetState rs) {
        return Math.min(rs.desired(), rs.available());
    }
}
