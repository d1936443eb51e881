package io.kulta.playground;

import java.util.Locale;

/** Without a TTY: one line per transition (phase, step or weight changed) of a Rollout. */
public final class TransitionLines {
    private TransitionLines() {
    }

    /** The line for this snapshot, or null when nothing a user would call a transition changed since {@code before}. */
    public static String line(RolloutSnapshot before, RolloutSnapshot now, double elapsedSeconds) {
        if (now.sameStateAs(before)) return null;
        return String.format(Locale.ROOT, "%6.1fs %-11s %-11s %-13s step %-5s weight %3d%%  %s",
                elapsedSeconds, now.scenario(), now.rollout(), now.phase(), now.stepText(), now.weight(), now.decision());
    }
}
