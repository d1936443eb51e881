package io.kulta.core;

import io.kulta.core.RollingUpdate.Bounds;
import io.kulta.model.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.kulta.core.Plans.actions;
import static io.kulta.core.Plans.condition;
import static io.kulta.core.Rollouts.simple;
import static io.kulta.core.Transition.Action.ABORTED;
import static io.kulta.core.Transition.Action.COMPLETED;
import static io.kulta.core.Transition.Action.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §3 Simple: the first deployment, a rolling update within maxSurge / maxUnavailable counting
 * available pods, its status, completion, abort and retry, a newer template mid-update, going back to
 * the stable template, and a settled Rollout. No Services, no traffic routing.
 */
class SimpleRolloutTest {
    static final String V1 = simple("shop").image("shop:v1").revision();
    static final String V2 = simple("shop").image("shop:v2").revision();
    static final String V3 = simple("shop").image("shop:v3").revision();

    @Test
    void aFirstDeploymentCreatesAllItsReplicasAtOnceAndCompletesOnceTheyAreAvailable() {
        FakeCluster shop = FakeCluster.of(simple("shop").replicas(10));

        Plan started = shop.reconcile();
        assertThat(started.replicas()).containsExactly(Map.entry(V1, 10));
        assertThat(actions(started)).containsExactly(STARTED);
        assertThat(shop.status().stableRevision).isEqualTo(V1);
        assertThat(shop.status().message).isEqualTo("revision " + V1 + ": waiting for replicas (0/10 available)");

        Plan done = shop.podsBecomeAvailable().reconcile();
        assertThat(actions(done)).containsExactly(COMPLETED);
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
        assertThat(done.serviceRevisions()).as("simple has no Services").isEmpty();
        assertThat(done.traffic()).as("and no traffic routing").isNull();
    }

    @Test
    void aNewRevisionStartsWithMaxSurgeNewPodsBesideAllOldOnes() {
        FakeCluster shop = FakeCluster.settled(simple("shop").replicas(10)).imageChangesTo("shop:v2");

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).containsEntry(V2, 3).containsEntry(V1, 10);
        assertThat(actions(plan)).containsExactly(STARTED);
        assertThat(plan.transitions().get(0).message())
                .isEqualTo("rolling update to revision " + V2 + " started (stable " + V1 + ", maxSurge 3, maxUnavailable 0)");
        assertThat(shop.status().canaryRevision).isEqualTo(V2);
        assertThat(shop.status().stableRevision).isEqualTo(V1);
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
        assertThat(shop.status().message).isEqualTo("revision " + V2 + ": 0/10 updated, 10 available (maxSurge 3, maxUnavailable 0)");
        assertThat(condition(plan, Conditions.PROGRESSING).getReason()).isEqualTo("RollingUpdate");
        assertThat(plan.serviceRevisions()).isEmpty();
        assertThat(plan.traffic()).isNull();
    }

    @Test
    void oldPodsGoOnlyAsNewOnesBecomeAvailableAndNewOnesGrowOnlyIntoTheRoomLeft() {
        FakeCluster shop = FakeCluster.settled(simple("shop").replicas(10)).imageChangesTo("shop:v2");
        shop.reconcile();

        assertThat(shop.reconcile().replicas()).as("no new pod available yet").containsEntry(V2, 3).containsEntry(V1, 10);
        assertThat(shop.podsBecomeAvailable(V2, 2).reconcile().replicas()).containsEntry(V2, 3).containsEntry(V1, 8);
        assertThat(shop.reconcile().replicas()).containsEntry(V2, 5).containsEntry(V1, 8);
        assertThat(shop.status().message).as("as observed before this step")
                .isEqualTo("revision " + V2 + ": 3/10 updated, 10 available (maxSurge 3, maxUnavailable 0)");
        assertThat(shop.status().updatedReplicas).isEqualTo(3);
        assertThat(shop.status().currentWeight).as("2 of the 10 available pods run v2").isEqualTo(20);
    }

    @ParameterizedTest(name = "{0} replicas, maxSurge {1}, maxUnavailable {2}")
    @CsvSource({"10, 25%, 0", "10, 25%, 25%", "4, 1, 0", "4, 0, 1", "5, 0, 0", "3, 100%, 0"})
    void aRollingUpdateNeverLeavesItsBoundsAndCompletes(int replicas, String maxSurge, String maxUnavailable) {
        Bounds bounds = Bounds.of(maxSurge, maxUnavailable, replicas);
        FakeCluster shop = FakeCluster.settled(simple("shop").replicas(replicas).maxSurge(maxSurge).maxUnavailable(maxUnavailable))
                .imageChangesTo("shop:v2");
        Random random = new Random(replicas);
        List<Transition.Action> actions = new ArrayList<>();
        for (int round = 0; round == 0 || round < 200 && shop.phase() != Phase.Completed; round++) {
            Plan plan = shop.reconcile();
            actions.addAll(actions(plan));
            assertThat(plan.serviceRevisions()).isEmpty();
            assertThat(shop.replicas().values().stream().mapToInt(Integer::intValue).sum())
                    .as("pods at round %d: %s", round, shop.replicas()).isLessThanOrEqualTo(replicas + bounds.maxSurge());
            assertThat(shop.totalAvailable()).as("available at round %d", round).isGreaterThanOrEqualTo(replicas - bounds.maxUnavailable());
            shop.podsBecomeAvailable(V2, shop.availableOf(V2) + random.nextInt(3));
        }
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
        assertThat(shop.replicas()).containsEntry(V2, replicas).containsEntry(V1, 0);
        assertThat(shop.status().stableRevision).isEqualTo(V2);
        assertThat(shop.status().canaryRevision).isNull();
        assertThat(shop.status().currentWeight).isEqualTo(100);
        assertThat(actions).containsExactly(STARTED, COMPLETED);
        assertThat(shop.lastPlan().transitions().get(0).message()).isEqualTo("revision " + V2 + " is stable with " + replicas + " replicas");
    }

    @Test
    void withoutSurgeAnOldPodGoesFirst() {
        FakeCluster shop = FakeCluster.settled(simple("shop").replicas(4).maxSurge("0").maxUnavailable("1")).imageChangesTo("shop:v2");

        Plan plan = shop.reconcile();

        assertThat(plan.replicas()).containsEntry(V2, 0).containsEntry(V1, 3);
        assertThat(shop.reconcile().replicas()).containsEntry(V2, 1).containsEntry(V1, 3);
    }

    @Test
    void abortRollsBackToStableWithinTheBoundsAndHolds() {
        FakeCluster shop = midway().annotate(Annotations.ABORT, "true");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(ABORTED);
        assertThat(plan.consumed()).containsExactly(Annotations.ABORT);
        assertThat(plan.replicas()).as("v1 grows back before v2 shrinks").containsEntry(V1, 10).containsEntry(V2, 3);
        assertThat(shop.phase()).isEqualTo(Phase.Aborted);
        assertThat(shop.status().message).isEqualTo("aborted: rolling back to stable revision " + V1
                + " (7/10 back, 10 available (maxSurge 3, maxUnavailable 0)); set kulta.io/retry=true or change the template to continue");
        assertThat(condition(plan, Conditions.PROGRESSING).getStatus()).isEqualTo("False");

        shop.podsBecomeAvailable().reconcile();
        assertThat(shop.replicas()).containsEntry(V1, 10).containsEntry(V2, 0);
        shop.reconcile();
        assertThat(shop.phase()).isEqualTo(Phase.Aborted);
        assertThat(shop.status().message).isEqualTo("aborted: all replicas back on stable revision " + V1
                + "; set kulta.io/retry=true or change the template to continue");
        assertThat(shop.status().canaryRevision).as("kept for a retry").isEqualTo(V2);
        assertThat(shop.writesFor(shop.reconcile())).isEmpty();
    }

    @Test
    void retryRollsTheSameRevisionForwardAgain() {
        FakeCluster shop = midway().annotate(Annotations.ABORT, "true");
        shop.reconcile();
        shop.podsBecomeAvailable().reconcile();
        shop.annotate(Annotations.RETRY, "true");

        Plan plan = shop.reconcile();

        assertThat(actions(plan)).containsExactly(STARTED);
        assertThat(plan.consumed()).containsExactly(Annotations.RETRY);
        assertThat(plan.replicas()).containsEntry(V2, 3).containsEntry(V1, 10);
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
    }

    @Test
    void aNewerTemplateMidUpdateRollsOnToItAndTheAbandonedRevisionGivesUpItsPodsFirst() {
        FakeCluster shop = midway().imageChangesTo("shop:v3");

        Plan plan = shop.reconcile();
        assertThat(actions(plan)).containsExactly(STARTED);
        assertThat(plan.transitions().get(0).message()).endsWith("; abandoned revision " + V2);
        assertThat(plan.replicas()).as("v1 7 + v2 3 + v3 3 = 13").containsEntry(V3, 3).containsEntry(V2, 3).containsEntry(V1, 7);

        shop.podsBecomeAvailable(V3, 3).reconcile();
        assertThat(shop.replicas()).containsEntry(V2, 0).containsEntry(V1, 7);
    }

    @Test
    void goingBackToTheStableTemplateRollsBackWithinTheBoundsAndCompletes() {
        FakeCluster shop = midway().imageChangesTo("shop:v1");

        Plan plan = shop.reconcile();
        assertThat(actions(plan)).containsExactly(ABORTED);
        assertThat(plan.transitions().get(0).message())
                .isEqualTo("template reverted to stable revision " + V1 + "; rolling back from revision " + V2);
        assertThat(plan.replicas()).containsEntry(V1, 10).containsEntry(V2, 3);
        assertThat(shop.phase()).isEqualTo(Phase.Progressing);
        assertThat(shop.status().message).startsWith("rolling back to stable revision " + V1 + ": 7/10 back");
        assertThat(shop.status().canaryRevision).isNull();

        shop.podsBecomeAvailable().reconcile();
        assertThat(actions(shop.reconcile())).containsExactly(COMPLETED);
        assertThat(shop.phase()).isEqualTo(Phase.Completed);
        assertThat(shop.replicas()).containsEntry(V1, 10).containsEntry(V2, 0);
    }

    @Test
    void aSettledRolloutHasNothingToWriteAndScalingResizesItsStableRevision() {
        FakeCluster shop = FakeCluster.settled(simple("shop").replicas(3));
        assertThat(shop.writesFor(shop.reconcile())).isEmpty();

        Plan scaled = shop.scaleTo(5).reconcile();

        assertThat(scaled.replicas()).containsExactly(Map.entry(V1, 5));
        assertThat(shop.phase()).as("the same stable revision").isEqualTo(Phase.Completed);
        assertThat(condition(scaled, Conditions.HEALTHY).getStatus()).isEqualTo("False");
    }

    @Test
    void anInvalidMaxSurgeIsReportedAndNothingIsWritten() {
        Plan plan = ObservationBuilder.observe(simple("shop").maxSurge("lots")).plan();

        assertThat(condition(plan, Conditions.VALID).getReason()).isEqualTo("InvalidSpec");
        assertThat(plan.status().message).isEqualTo("invalid spec: spec.maxSurge: must be a number or a percentage such as 25%, got \"lots\"");
        assertThat(plan.replicas()).isEmpty();
    }

    /** 10 replicas (maxSurge 3, maxUnavailable 0); v2 has 3 available pods, v1 7. */
    private static FakeCluster midway() {
        FakeCluster shop = FakeCluster.settled(simple("shop").replicas(10)).imageChangesTo("shop:v2");
        shop.reconcile();
        shop.podsBecomeAvailable(V2, 3).reconcile();
        assertThat(shop.replicas()).containsEntry(V2, 3).containsEntry(V1, 7);
        return shop;
    }
}
