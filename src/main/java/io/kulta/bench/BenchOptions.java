package io.kulta.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench [--sizes 100,1000] [--large] [--tier real|mock|both] [--smoke] [--repetitions R] [--changes C]
 * [--resync-seconds S] [--all-phases | --fleet-phases] [--out DIR]}.
 */
public record BenchOptions(List<Integer> sizes, List<String> tiers, boolean smoke, int repetitions, int changes,
                           int resyncSeconds, boolean allPhases, boolean fleetPhases, String out) {

    public static final String USAGE = "bench [--sizes 100,1000] [--large] [--tier real|mock|both] [--smoke] "
            + "[--repetitions R] [--changes C] [--resync-seconds S] [--all-phases | --fleet-phases] [--out DIR]";
    static final int SMOKE_SIZE = 50;
    /** From this size on only the fleet phases run unless --all-phases: the flow-control runs alone would take hours on 2 cores. */
    static final int FLEET_PHASES_FROM = 10_000;
    /** One resync of this many Rollouts is given at least a second, so a period holds the whole of its work. */
    static final int ROLLOUTS_PER_RESYNC_SECOND = 250;

    /** @param args the arguments after "bench" */
    public static BenchOptions parse(String... args) {
        List<Integer> sizes = new ArrayList<>(List.of(100, 1000));
        boolean large = false;
        boolean smoke = false;
        boolean allPhases = false;
        boolean fleetPhases = false;
        String tier = "both";
        int repetitions = 0; // 0: by size
        int changes = 100;
        int resyncSeconds = 5;
        String out = "target/bench";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(value(args, ++i).split(",")).map(s -> positive("--sizes", s)).toList();
                case "--large" -> large = true;
                case "--smoke" -> smoke = true;
                case "--all-phases" -> allPhases = true;
                case "--fleet-phases" -> fleetPhases = true;
                case "--tier" -> tier = value(args, ++i);
                case "--repetitions" -> repetitions = positive("--repetitions", value(args, ++i));
                case "--changes" -> changes = positive("--changes", value(args, ++i));
                case "--resync-seconds" -> resyncSeconds = positive("--resync-seconds", value(args, ++i));
                case "--out" -> out = value(args, ++i);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: " + USAGE);
            }
        }
        List<String> tiers = switch (tier) {
            case "both" -> List.of("mock", "real");
            case "real", "mock" -> List.of(tier);
            default -> throw new IllegalArgumentException("--tier is real, mock or both, not " + tier);
        };
        if (allPhases && fleetPhases) throw new IllegalArgumentException("--all-phases or --fleet-phases, not both; usage: " + USAGE);
        if (smoke) {
            return new BenchOptions(List.of(SMOKE_SIZE), tiers, true, 1, 20, resyncSeconds, true, false, out);
        }
        if (large && !sizes.contains(10_000)) sizes = concat(sizes, 10_000);
        return new BenchOptions(List.copyOf(sizes), tiers, false, repetitions, changes, resyncSeconds, allPhases, fleetPhases, out);
    }

    /** Every phase at this size, or only the fleet's (start-up, first deployment, resync, memory, the controller alone). */
    boolean allPhasesAt(int size) {
        return allPhases || !fleetPhases && size < FLEET_PHASES_FROM;
    }

    /**
     * The resync period at this size: --resync-seconds, or longer where one resync of N Rollouts could not finish within
     * it (the CPU per resync would then only measure the cores: at N = 10,000 on 2 cores a 5 s period used 9.9 CPU s).
     */
    int resyncSecondsAt(int size) {
        return Math.max(resyncSeconds, size / ROLLOUTS_PER_RESYNC_SECOND);
    }

    /** Repetitions of the limit and of the burst/promote cycle at this size: 3 up to 100 Rollouts, else 1 unless asked. */
    int repetitionsAt(int size) {
        return repetitions > 0 ? repetitions : size <= 100 ? 3 : 1;
    }

    private static List<Integer> concat(List<Integer> sizes, int size) {
        List<Integer> all = new ArrayList<>(sizes);
        all.add(size);
        return all;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) throw new IllegalArgumentException(args[i - 1] + " needs a value; usage: " + USAGE);
        return args[i];
    }

    private static int positive(String option, String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException(option + " takes positive whole numbers, not '" + text + "'");
    }
}
