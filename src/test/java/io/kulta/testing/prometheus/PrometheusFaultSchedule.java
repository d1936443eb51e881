package io.kulta.testing.prometheus;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Which analysis ticks a {@link PrometheusFaultProxy} spoils, decided by a seed: flapping is good windows and bad
 * windows in turn, each of a seeded length, every bad tick with a seeded fault. The same seed gives the same sequence.
 */
public final class PrometheusFaultSchedule {
    private final long seed;
    private final Random random;
    private final int goodMin, goodMax, badMin, badMax;
    private final List<PrometheusFault> kinds;
    private boolean bad;
    private int leftInWindow;

    private PrometheusFaultSchedule(long seed, int goodMin, int goodMax, int badMin, int badMax, List<PrometheusFault> kinds,
                                    boolean startBad) {
        this.seed = seed;
        this.random = new Random(seed);
        this.goodMin = goodMin;
        this.goodMax = goodMax;
        this.badMin = badMin;
        this.badMax = badMax;
        this.kinds = List.copyOf(kinds);
        this.bad = !startBad;
        this.leftInWindow = 0;
    }

    /** Bad windows of badMin..badMax ticks and good windows of goodMin..goodMax ticks in turn, starting with a bad one. */
    public static PrometheusFaultSchedule flapping(long seed, int goodMin, int goodMax, int badMin, int badMax, List<PrometheusFault> kinds) {
        return new PrometheusFaultSchedule(seed, goodMin, goodMax, badMin, badMax, kinds, true);
    }

    /** Every tick bad, each with a seeded one of these faults. */
    public static PrometheusFaultSchedule outage(long seed, List<PrometheusFault> kinds) {
        return new PrometheusFaultSchedule(seed, 0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE, kinds, true);
    }

    /** Every tick answered by Prometheus as it is. */
    public static PrometheusFaultSchedule healthy() {
        return new PrometheusFaultSchedule(0, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, 0, List.of(PrometheusFault.HTTP_500), false);
    }

    public long seed() {
        return seed;
    }

    /** The fault for the next tick, or empty to forward it. */
    public synchronized Optional<PrometheusFault> nextTick() {
        while (leftInWindow == 0) {
            bad = !bad;
            leftInWindow = bad ? between(badMin, badMax) : between(goodMin, goodMax);
        }
        leftInWindow--;
        return bad ? Optional.of(kinds.get(random.nextInt(kinds.size()))) : Optional.empty();
    }

    /** A seeded pick of one of n series. */
    public synchronized int pick(int n) {
        return random.nextInt(n);
    }

    private int between(int min, int max) {
        if (max == Integer.MAX_VALUE) return Integer.MAX_VALUE;
        return min + random.nextInt(max - min + 1);
    }
}
