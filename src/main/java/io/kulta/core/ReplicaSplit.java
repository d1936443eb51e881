package io.kulta.core;

/**
 * Replicas per side for a canary weight w of N replicas (SPEC §3 "Canary", amended 2026-12-01):
 * canary = 0 if w = 0, N if w = 100, else ceil(N·w/100). With traffic routing each side has at least its share
 * of the traffic: stable = 0 if w = 100, else max(1, ceil(N·(100−w)/100)) (5 @ 20% → 4/1, 1 @ 20% → 1/1).
 * Without it the weights are the replicas themselves: stable = N − canary, as KULTA (3 @ 50% → 1/2).
 */
public final class ReplicaSplit {
    private ReplicaSplit() {
    }

    public static int canary(int total, int weight) {
        return share(total, weight);
    }

    /** Stable replicas when the weights are carried by an HTTPRoute. */
    public static int stableRouted(int total, int weight) {
        if (total <= 0 || weight >= 100) return 0;
        return Math.max(1, share(total, 100 - weight));
    }

    /** Stable replicas when the replica counts are the weights (no traffic routing). */
    public static int stable(int total, int weight) {
        return Math.max(0, total - canary(total, weight));
    }

    /** Pods a side needs to carry {@code weight}% of what N pods carry: ceil(N·w/100), 0 for no weight. */
    public static int share(int total, int weight) {
        if (weight <= 0 || total <= 0) return 0;
        if (weight >= 100) return total;
        return (int) Math.min(total, (total * (long) weight + 99) / 100);
    }
}
