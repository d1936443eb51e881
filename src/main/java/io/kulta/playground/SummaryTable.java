package io.kulta.playground;

import java.util.List;
import java.util.Locale;

/** The table printed at the end: scenario, expected outcome, actual outcome, time. */
public final class SummaryTable {
    private SummaryTable() {
    }

    public static String render(List<ScenarioResult> results) {
        int expectedWidth = Math.max("expected".length(), results.stream().mapToInt(r -> r.expected().length()).max().orElse(0));
        int actualWidth = Math.max("actual".length(), results.stream().mapToInt(r -> r.actual().length()).max().orElse(0));
        String row = "%-11s  %-" + expectedWidth + "s  %-" + actualWidth + "s  %7s  %s%n";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, row, "scenario", "expected", "actual", "time", ""));
        for (ScenarioResult r : results) {
            out.append(String.format(Locale.ROOT, row, r.scenario(), r.expected(), r.actual(),
                    String.format(Locale.ROOT, "%.1fs", r.seconds()), r.asExpected() ? "ok" : "FAILED"));
        }
        long failed = results.stream().filter(r -> !r.asExpected()).count();
        out.append(failed == 0 ? "all " + results.size() + " scenarios ended as expected"
                : failed + " of " + results.size() + " scenarios did not end as expected").append('\n');
        return out.toString();
    }
}
