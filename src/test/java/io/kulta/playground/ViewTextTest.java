package io.kulta.playground;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live view, the transition lines and the summary, rendered from snapshots. */
class ViewTextTest {
    static final RolloutSnapshot.Revision STABLE = new RolloutSnapshot.Revision("stable", "6d4f9c7b8", "ghcr.io/example/shop:1.0.0", 4, 4, 32.04, 0.0);
    static final RolloutSnapshot.Revision CANARY = new RolloutSnapshot.Revision("new", "7c9d5f6b4", "ghcr.io/example/shop:2.0.0", 1, 1, 7.96, 0.2);

    static RolloutSnapshot canaryAt(String phase, int step, int weight) {
        return new RolloutSnapshot("canary", "kulta-demo", "canary", phase, step, 3, weight, List.of(STABLE, CANARY),
                "Paused: step 1/3: 20% to canary, waiting for kulta.io/promote");
    }

    @Test
    void theLiveViewShowsPhaseStepWeightsPodsAndTrafficPerRevisionAndTheLastDecision() {
        String view = strip(LiveView.render(List.of(canaryAt("Paused", 1, 20)), 12.34, "simulated Prometheus query API"));

        assertThat(view).contains("KULTA playground   12.3s  simulated Prometheus query API");
        assertThat(view).contains("canary      kulta-demo  canary     Paused        step 1/3");
        assertThat(view).contains("[" + "█".repeat(32) + "▒".repeat(8) + "]  stable 80% | new 20%");
        assertThat(view).contains("stable  6d4f9c7b8  shop:1.0.0                   4/4 ready   32.0 req/s   0.0% errors");
        assertThat(view).contains("new     7c9d5f6b4  shop:2.0.0                   1/1 ready    8.0 req/s  20.0% errors");
        assertThat(view).contains("last: Paused: step 1/3: 20% to canary, waiting for kulta.io/promote");
    }

    @Test
    void theBarGivesTheNewRevisionItsShareOfCellsInItsOwnColour() {
        assertThat(LiveView.bar(20)).isEqualTo("[\033[32m" + "█".repeat(32) + "\033[33m" + "▒".repeat(8) + "\033[0m]");
        assertThat(LiveView.bar(0)).isEqualTo("[\033[32m" + "█".repeat(40) + "\033[33m\033[0m]");
        assertThat(LiveView.bar(100)).isEqualTo("[\033[32m\033[33m" + "▒".repeat(40) + "\033[0m]");
    }

    @Test
    void theViewRedrawsFromTheTopOfTheScreen() {
        assertThat(LiveView.render(List.of(), 0, "")).startsWith("\033[H\033[2J");
    }

    @Test
    void aTransitionIsAChangeOfPhaseStepOrWeightAndNothingElse() {
        RolloutSnapshot paused = canaryAt("Paused", 1, 20);
        assertThat(TransitionLines.line(null, paused, 3.0))
                .isEqualTo("   3.0s canary      kulta-demo  Paused        step 1/3   weight  20%  Paused: step 1/3: 20% to canary, waiting for kulta.io/promote");
        RolloutSnapshot samePhaseNewTraffic = new RolloutSnapshot("canary", "kulta-demo", "canary", "Paused", 1, 3, 20,
                List.of(STABLE), "another message");
        assertThat(TransitionLines.line(paused, samePhaseNewTraffic, 3.5)).isNull();
        assertThat(TransitionLines.line(paused, canaryAt("Progressing", 1, 20), 4.0)).contains("Progressing");
        assertThat(TransitionLines.line(paused, canaryAt("Paused", 2, 20), 4.0)).contains("step 2/3");
        assertThat(TransitionLines.line(paused, canaryAt("Paused", 1, 50), 4.0)).contains("weight  50%");
    }

    @Test
    void theSummaryListsEachScenarioAndSaysWhetherAllEndedAsExpected() {
        String ok = SummaryTable.render(List.of(new ScenarioResult("canary", "Completed, stable shop:2.0.0", "Completed, stable shop:2.0.0", 21.26)));
        assertThat(ok).isEqualTo("""
                scenario     expected                      actual                           time \s
                canary       Completed, stable shop:2.0.0  Completed, stable shop:2.0.0    21.3s  ok
                all 1 scenarios ended as expected
                """);
        String failed = SummaryTable.render(List.of(new ScenarioResult("abort", "Aborted, stable shop:1.0.0", "Paused, stable shop:1.0.0", 90.0)));
        assertThat(failed).contains("abort        Aborted, stable shop:1.0.0  Paused, stable shop:1.0.0    90.0s  FAILED")
                .endsWith("1 of 1 scenarios did not end as expected\n");
    }

    private static String strip(String ansi) {
        return ansi.replaceAll("\033\\[[0-9;]*[A-Za-z]", "");
    }
}
