package io.kulta.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code bench --smoke} fails on: any write per step beyond {@link StepMinimum}, any write while settled (the
 * controller in the benchmark's process over 3 resyncs, and the controller alone started over the settled fleet), more
 * Rollouts mid-rollout at once than KULTA_MAX_CONCURRENT_ROLLOUTS.
 */
public final class SmokeCheck {
    private SmokeCheck() {
    }

    public static List<String> failures(List<SizeResult> results) {
        List<String> failures = new ArrayList<>();
        for (SizeResult r : results) {
            String where = r.tier() + ", N = " + r.rollouts() + ": ";
            for (SizeResult.StepRequests step : java.util.stream.Stream.of(r.burstRequests(), r.promoteRequests())
                    .filter(java.util.Objects::nonNull).toList()) {
                step.extraWrites().forEach(extra -> failures.add(where + step.step() + ": " + extra));
            }
            if (r.resync().writes() > 0) {
                failures.add(where + r.resync().writes() + " writes while settled over " + r.resync().periods()
                        + " resyncs: " + r.resync().writeKinds());
            }
            if (r.alone() != null && r.alone().writes() > 0) {
                failures.add(where + "the controller alone, started over the settled fleet, wrote " + r.alone().writes() + " times");
            }
            SizeResult.FlowControlRun limited = r.flowControl() == null ? null : r.flowControl().limited();
            if (limited != null && limited.peakMidRollout() > limited.limit()) {
                failures.add(where + limited.peakMidRollout() + " Rollouts mid-rollout at once with KULTA_MAX_CONCURRENT_ROLLOUTS = "
                        + limited.limit());
            }
        }
        return failures;
    }
}
