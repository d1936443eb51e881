package io.kulta.core;

import io.kulta.model.Phase;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.kulta.core.Rollouts.canary;
import static io.kulta.core.Rollouts.step;
import static io.kulta.core.Transition.Action.COMPLETED;
import static io.kulta.core.Transition.Action.PAUSED;
import static io.kulta.core.Transition.Action.PROMOTED;
import static io.kulta.core.Transition.Action.STARTED;
import static io.kulta.core.Transition.Action.STEP_ADVANCED;
import static io.kulta.model.Phase.Completed;
import static io.kulta.model.Phase.Paused;
import static io.kulta.model.Phase.Progressing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canary of examples/canary.yaml (5 replicas; 20% pause {}, 50% pause 30s, 80% pause 30s), walked
 * one reconcile per row in pure Java: each row says what happens, then what the user sees after the
 * plan is applied. Rows run in order on one {@link FakeCluster}.
 */
class ExampleCanaryWalkTest {
    static final Rollouts.Builder EXAMPLE = canary("kulta-demo").app("shop").replicas(5)
            .image("ghcr.io/example/shop:1.0.0")
            .services("shop-stable", "shop-canary").httpRoute("shop-route")
            .steps(step(20, null), step(50, "30s"), step(80, "30s"));
    static final String V1 = EXAMPLE.revision();
    static final String V2 = canary("kulta-demo").app("shop").image("ghcr.io/example/shop:2.0.0").revision();

    /** One reconcile: what happens first, then what the user sees; "v1"/"v2" name the revisions, null: not set. */
    record Row(String story, Consumer<FakeCluster> when, Phase phase, int step, int weight, int v1Pods, int v2Pods,
               String stableService, String canaryService, Integer routeCanaryWeight, List<Transition.Action> events,
               boolean writesNothing) {
        /** The same row, also asserting that apply-plan would write nothing at all. */
        Row settled() {
            return new Row(story, when, phase, step, weight, v1Pods, v2Pods, stableService, canaryService,
                    routeCanaryWeight, events, true);
        }
    }

    static final Consumer<FakeCluster> NOTHING = c -> { };
    static final Consumer<FakeCluster> PODS_UP = FakeCluster::podsBecomeAvailable;

    static List<Row> walk() {
        return List.of(
                // first deployment
                row("the Rollout is applied: v1 is created at 5 replicas and is the stable revision", NOTHING,
                        Progressing, 3, 100, 5, 0, null, null, 0, List.of(STARTED)),
                row("v1's pods are available: the rollout is Completed and both Services select v1", PODS_UP,
                        Completed, 3, 100, 5, 0, "v1", "v1", 0, List.of(COMPLETED)),
                row("a resync of the settled Rollout writes nothing", NOTHING,
                        Completed, 3, 100, 5, 0, "v1", "v1", 0, List.of()).settled(),
                // step 1: 20%, pause {}
                row("the image changes to 2.0.0: v2 gets 1 pod, all traffic stays on v1", c -> c.imageChangesTo("ghcr.io/example/shop:2.0.0"),
                        Progressing, 0, 0, 5, 1, "v1", "v1", 0, List.of(STARTED)),
                row("while v2's pod starts only the status counters move", NOTHING,
                        Progressing, 0, 0, 5, 1, "v1", "v1", 0, List.of()),
                row("v2's pod is available: 20% to v2, v1 down to 4, paused until promoted", PODS_UP,
                        Paused, 0, 20, 4, 1, "v1", "v2", 20, List.of(PAUSED)),
                row("the status counts v1's 4 pods", NOTHING,
                        Paused, 0, 20, 4, 1, "v1", "v2", 20, List.of()),
                row("an hour later it is still paused and nothing is written", c -> c.clockAdvances(Duration.ofHours(1)),
                        Paused, 0, 20, 4, 1, "v1", "v2", 20, List.of()).settled(),
                // step 2: 50%, pause 30s
                row("kulta.io/promote=true: step 2 is entered, the annotation is removed", c -> c.annotate(Annotations.PROMOTE, "true"),
                        Progressing, 1, 20, 4, 1, "v1", "v2", 20, List.of(PROMOTED)),
                row("v2 is scaled to 3 for 50%; traffic waits for its pods", NOTHING,
                        Progressing, 1, 20, 4, 3, "v1", "v2", 20, List.of()),
                row("v2's pods are available: 50% to v2, v1 down to 3 (each side keeps its share), paused 30s", PODS_UP,
                        Paused, 1, 50, 3, 3, "v1", "v2", 50, List.of(PAUSED)),
                row("29 seconds later it is still paused", c -> c.clockAdvances(Duration.ofSeconds(29)),
                        Paused, 1, 50, 3, 3, "v1", "v2", 50, List.of()),
                row("30 seconds after the pause began, step 3 is entered", c -> c.clockAdvances(Duration.ofSeconds(1)),
                        Progressing, 2, 50, 3, 3, "v1", "v2", 50, List.of(STEP_ADVANCED)),
                // step 3: 80%, pause 30s
                row("v2 is scaled to 4 for 80%; v1 keeps 3 until they are up", NOTHING,
                        Progressing, 2, 50, 3, 4, "v1", "v2", 50, List.of()),
                row("v2's pods are available: 80% to v2, v1 down to 1, paused 30s", PODS_UP,
                        Paused, 2, 80, 1, 4, "v1", "v2", 80, List.of(PAUSED)),
                row("30 seconds later the last step is done", c -> c.clockAdvances(Duration.ofSeconds(30)),
                        Progressing, 3, 80, 1, 4, "v1", "v2", 80, List.of(STEP_ADVANCED)),
                // completion
                row("v2 is scaled to 5; v1 keeps its pod until v2 is complete", NOTHING,
                        Progressing, 3, 80, 1, 5, "v1", "v2", 80, List.of()),
                row("all of v2 is available: all traffic onto shop-canary, v1 keeps its pod", PODS_UP,
                        Progressing, 3, 100, 1, 5, "v1", "v2", 100, List.of()),
                row("shop-stable, without weight now, selects v2 and (no settle time here) takes the traffic: v2 is stable",
                        NOTHING, Completed, 3, 100, 1, 5, "v2", "v2", 0, List.of(COMPLETED)),
                row("the next resync restates the counters and conditions of a stable Rollout", NOTHING,
                        Completed, 3, 100, 1, 5, "v2", "v2", 0, List.of()),
                row("v1 keeps its pod until scaleDownDelaySeconds (30) after the cutover", c -> c.clockAdvances(Duration.ofSeconds(29)),
                        Completed, 3, 100, 1, 5, "v2", "v2", 0, List.of()).settled(),
                row("then v1 is scaled to 0", c -> c.clockAdvances(Duration.ofSeconds(1)),
                        Completed, 3, 100, 0, 5, "v2", "v2", 0, List.of()),
                row("the next resync restates the counters", NOTHING,
                        Completed, 3, 100, 0, 5, "v2", "v2", 0, List.of()),
                row("after that the completed Rollout writes nothing", NOTHING,
                        Completed, 3, 100, 0, 5, "v2", "v2", 0, List.of()).settled());
    }

    @TestFactory
    Stream<DynamicTest> theExampleCanaryStepByStep() {
        FakeCluster cluster = FakeCluster.of(EXAMPLE);
        Map<String, String> names = new java.util.HashMap<>(Map.of("v1", V1, "v2", V2));
        return walk().stream().map(row -> DynamicTest.dynamicTest(row.story(), () -> {
            row.when().accept(cluster);
            cluster.reconcile();

            assertThat(cluster.phase()).as("phase").isEqualTo(row.phase());
            assertThat(cluster.status().currentStepIndex).as("step index").isEqualTo(row.step());
            assertThat(cluster.status().currentWeight).as("weight on the new revision").isEqualTo(row.weight());
            assertThat(cluster.replicasOf(V1)).as("v1 pods").isEqualTo(row.v1Pods());
            assertThat(cluster.replicasOf(V2)).as("v2 pods").isEqualTo(row.v2Pods());
            assertThat(cluster.selectorOf("shop-stable")).as("shop-stable selects").isEqualTo(names.get(row.stableService()));
            assertThat(cluster.selectorOf("shop-canary")).as("shop-canary selects").isEqualTo(names.get(row.canaryService()));
            assertThat(cluster.routeCanaryWeight()).as("HTTPRoute weight of shop-canary").isEqualTo(row.routeCanaryWeight());
            assertThat(cluster.lastTransitions()).as("events").isEqualTo(row.events());
            if (row.writesNothing()) assertThat(cluster.lastWrites()).as("writes").isEmpty();
            assertThat(cluster.rollout().getMetadata().getAnnotations()).as("promote is removed once acted on")
                    .satisfiesAnyOf(a -> assertThat(a).isNull(), a -> assertThat(a).doesNotContainKey(Annotations.PROMOTE));
        }));
    }

    private static Row row(String story, Consumer<FakeCluster> when, Phase phase, int step, int weight, int v1Pods, int v2Pods,
                           String stableService, String canaryService, Integer route, List<Transition.Action> events) {
        return new Row(story, when, phase, step, weight, v1Pods, v2Pods, stableService, canaryService, route, events, false);
    }
}
