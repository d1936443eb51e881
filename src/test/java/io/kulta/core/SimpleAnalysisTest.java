package io.kulta.core;

import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import org.junit.jupiter.api.Test;


import static io.kulta.core.ObservationBuilder.observe;
import static io.kulta.core.Plans.actions;
import static io.kulta.core.Rollouts.T0;
import static io.kulta.core.Rollouts.simple;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §3 Simple: "with analysis, failing metrics roll back to the old revision". */
class SimpleAnalysisTest {
    static final String V1 = simple("shop").image("shop:v1").revision();
    static final String V2 = simple("shop").image("shop:v2").revision();

    @Test
    void failingMetricsRollTheUpdateBackToTheOldRevisionWithinTheBounds() {
        Plan plan = midUpdate(null).measured(AnalysisFixtures.errorRate(V2, 30)).plan();

        assertThat(plan.status().phase).isEqualTo(Phase.Failed);
        assertThat(plan.status().message).contains("rolled back to stable revision " + V1, "error-rate 30 > threshold 5");
        assertThat(actions(plan)).containsExactly(Transition.Action.ROLLED_BACK);
        assertThat(plan.replicas()).as("old grows back first").containsEntry(V1, 10);
        assertThat(plan.replicas().get(V2)).isLessThanOrEqualTo(3);
    }

    @Test
    void aRolledBackUpdateStaysOnTheOldRevisionUntilRetried() {
        RolloutStatus failed = midUpdate(null).measured(AnalysisFixtures.errorRate(V2, 30)).plan().status();

        Plan held = midUpdate(failed).plan();
        assertThat(held.status().phase).isEqualTo(Phase.Failed);
        assertThat(held.transitions()).isEmpty();
    }

    @Test
    void healthyMetricsLetTheUpdateGoOn() {
        Plan plan = midUpdate(null).measured(AnalysisFixtures.errorRate(V2, 1)).plan();

        assertThat(plan.status().phase).isEqualTo(Phase.Progressing);
        assertThat(plan.status().lastAnalysis.verdict).isEqualTo("Pass");
    }

    private static ObservationBuilder midUpdate(RolloutStatus status) {
        RolloutStatus s = status;
        if (s == null) {
            s = new RolloutStatus();
            s.phase = Phase.Progressing;
            s.stableRevision = V1;
            s.canaryRevision = V2;
            s.progressStartedAt = Timestamps.format(T0.minusSeconds(60));
        }
        return observe(simple("shop").image("shop:v2").replicas(10).spec(spec -> spec.strategy.simple.analysis = AnalysisFixtures.errorRateAtMost5Percent()).status(s))
                .replicaSet(V1, 10, 10).replicaSet(V2, 3, 3);
    }
}
