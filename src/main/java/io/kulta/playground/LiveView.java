package io.kulta.playground;

import java.util.List;
import java.util.Locale;

/** The TTY view, redrawn in place: per Rollout its phase, step, traffic bar, pods and traffic per revision, last decision. */
public final class LiveView {
    static final String HOME_AND_CLEAR = "\033[H\033[2J";
    static final int BAR_WIDTH = 40;
    private static final String GREEN = "\033[32m";
    private static final String YELLOW = "\033[33m";
    private static final String BOLD = "\033[1m";
    private static final String DIM = "\033[2m";
    private static final String RESET = "\033[0m";

    private LiveView() {
    }

    public static String render(List<RolloutSnapshot> rollouts, double elapsedSeconds, String header) {
        StringBuilder out = new StringBuilder(HOME_AND_CLEAR);
        out.append(BOLD).append(String.format(Locale.ROOT, "KULTA playground  %5.1fs", elapsedSeconds)).append(RESET)
                .append("  ").append(DIM).append(header).append(RESET).append('\n');
        for (RolloutSnapshot r : rollouts) {
            out.append('\n').append(BOLD).append(String.format(Locale.ROOT, "%-11s", r.scenario())).append(RESET)
                    .append(String.format(Locale.ROOT, " %-11s %-10s %-13s step %s%n",
                            r.rollout(), r.strategy(), r.phase(), r.stepText()));
            out.append("  ").append(bar(r.weight())).append(String.format(Locale.ROOT,
                    "  stable %d%% | new %d%%%n", 100 - r.weight(), r.weight()));
            for (RolloutSnapshot.Revision v : r.revisions()) {
                out.append(String.format(Locale.ROOT, "  %-7s %-10s %-28s %d/%d ready %6.1f req/s %5.1f%% errors%n",
                        v.role(), v.revision(), shortImage(v.image()), v.readyPods(), v.desiredPods(),
                        v.requestsPerSecond(), 100 * v.errorRate()));
            }
            out.append("  ").append(DIM).append("last: ").append(r.decision()).append(RESET).append('\n');
        }
        return out.toString();
    }

    /** {@value #BAR_WIDTH} cells: stable's share green and solid, the new revision's yellow and shaded (readable without colour). */
    static String bar(int weight) {
        int canary = Math.round(BAR_WIDTH * Math.max(0, Math.min(100, weight)) / 100f);
        return "[" + GREEN + "█".repeat(BAR_WIDTH - canary) + YELLOW + "▒".repeat(canary) + RESET + "]";
    }

    /** ghcr.io/example/shop:1.0.0 → shop:1.0.0 */
    static String shortImage(String image) {
        if (image == null) return "";
        int slash = image.lastIndexOf('/');
        return slash < 0 ? image : image.substring(slash + 1);
    }
}
