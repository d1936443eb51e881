package io.kulta.core;

/**
 * Replicas per side for a canary weight w of N replicas (KULTA's rule):
 * canary = 0 if w = 0, N if w = 100, else ceil(N·w/100); stable = N − canary.
 */
public final class ReplicaSplit {
    private ReplicaSplit() {
    }

    public static int canary(int total, int weight) {
        if (weight <= 0 || total <= 0) return 0;
        if (weight >= 100) return total;
        return (int) Math.min(total, (total * (long) weight + 99) / 100);
    }

    public static int stable(int total, int weight) {
        return Math.max(0, total - canary(total, weight));
    }
}
