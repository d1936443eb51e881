package io.kulta.bench;

import java.util.ArrayList;
import java.util.List;

/** What {@code bench --smoke} fails on: any write per step beyond {@link StepMinimum}, any write while settled. */
public final class SmokeCheck {
    private SmokeCheck() {
    }

    public static List<String> failures(List<SizeResult> results) {
        List<String> failures = new ArrayList<>();
        for (SizeResult r : results) {
            String where = r.tier() + ", N = " + r.rollouts() + ": ";
            for (SizeResult.StepRequests step : List.of(r.burstRequests(), r.promoteRequests())) {
                step.extraWrites().forEach(extra -> failures.add(where + step.step() + ": " + extra));
            }
            if (r.resync().writes() > 0) {
                failures.add(where + r.resync().writes() + " writes while settled over " + r.resync().periods()
                        + " resyncs: " + r.resync().writeKinds());
            }
        }
        return failures;
    }
}
