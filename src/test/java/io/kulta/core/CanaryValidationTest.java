package io.kulta.core;

import io.fabric8.kubernetes.api.model.IntOrString;

import io.fabric8.kubernetes.api.model.Condition;
import io.kulta.model.BlueGreenStrategy;
import io.kulta.model.Phase;
import io.kulta.model.RolloutSpec;
import io.kulta.model.RolloutStatus;
import io.kulta.model.SimpleStrategy;
import io.kulta.model.TrafficRouting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.kulta.core.ObservationBuilder.observe;
import static io.kulta.core.Plans.actions;
import static io.kulta.core.Plans.condition;
import static io.kulta.core.Rollouts.canary;
import static io.kulta.core.Rollouts.pause;
import static io.kulta.core.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * SPEC §3 Validation: an invalid spec gives Valid=False/InvalidSpec naming the field path, leaves the
 * phase as it was and writes nothing else; missing Services or HTTPRoute are reported and retried.
 */
class CanaryValidationTest {

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                invalid("two strategies at once", "spec.strategy: exactly one of simple, canary, blueGreen, abTesting must be set, found canary, blueGreen",
                        s -> s.strategy.blueGreen = new BlueGreenStrategy()),
                invalid("no strategy at all", "spec.strategy: exactly one", s -> s.strategy.canary = null),
                invalid("a simple and a canary strategy", "found simple, canary", s -> s.strategy.simple = new SimpleStrategy()),
                invalid("a weight of 150%", "spec.strategy.canary.steps[0].setWeight: must be between 0 and 100, got 150",
                        s -> s.strategy.canary.steps.get(0).setWeight = 150),
                invalid("a negative weight", "spec.strategy.canary.steps[0].setWeight", s -> s.strategy.canary.steps.get(0).setWeight = -1),
                invalid("a pause of \"5x\"", "spec.strategy.canary.steps[1].pause.duration: invalid duration \"5x\"",
                        s -> s.strategy.canary.steps.get(1).pause.duration = "5x"),
                invalid("a pause of \"5µ\"", "spec.strategy.canary.steps[1].pause.duration: invalid duration \"5µ\"",
                        s -> s.strategy.canary.steps.get(1).pause.duration = "5µ"),
                invalid("a pause of \"0s\"", "spec.strategy.canary.steps[1].pause.duration: invalid duration \"0s\"",
                        s -> s.strategy.canary.steps.get(1).pause.duration = "0s"),
                invalid("a pause of \"1.5m\"", "spec.strategy.canary.steps[1].pause.duration: invalid duration \"1.5m\"",
                        s -> s.strategy.canary.steps.get(1).pause.duration = "1.5m"),
                invalid("a pause of \"\"", "spec.strategy.canary.steps[1].pause.duration", s -> s.strategy.canary.steps.get(1).pause.duration = ""),
                invalid("a maxSurge beyond the int range", "spec.maxSurge: must be a number or a percentage such as 25%, got \"99999999999\"",
                        s -> s.maxSurge = new IntOrString("99999999999")),
                invalid("a maxSurge of 101%", "spec.maxSurge: must be a number or a percentage such as 25%, got \"101%\"",
                        s -> s.maxSurge = new IntOrString("101%")),
                invalid("a negative maxUnavailable", "spec.maxUnavailable: must be ≥ 0, got -1",
                        s -> s.maxUnavailable = new IntOrString(-1)),
                invalid("an empty list of steps", "spec.strategy.canary.steps: must have at least one step", s -> s.strategy.canary.steps.clear()),
                invalid("no steps", "spec.strategy.canary.steps: must have at least one step", s -> s.strategy.canary.steps = null),
                invalid("a step with neither weight nor pause", "spec.strategy.canary.steps[0]: must set setWeight and/or pause",
                        s -> s.strategy.canary.steps.set(0, new io.kulta.model.CanaryStep())),
                invalid("a null step", "spec.strategy.canary.steps[1]: must set setWeight and/or pause", s -> s.strategy.canary.steps.set(1, null)),
                invalid("no stable Service", "spec.strategy.canary.stableService: is required", s -> s.strategy.canary.stableService = null),
                invalid("a blank canary Service", "spec.strategy.canary.canaryService: is required", s -> s.strategy.canary.canaryService = " "),
                invalid("the same Service twice", "spec.strategy.canary.canaryService: must differ from stableService",
                        s -> s.strategy.canary.canaryService = s.strategy.canary.stableService),
                invalid("a selector not matching the template labels", "spec.selector.matchLabels: app=web does not match spec.template.metadata.labels",
                        s -> s.selector.getMatchLabels().put("app", "web")),
                invalid("a template without labels", "spec.selector.matchLabels: app=shop does not match",
                        s -> s.template.getMetadata().setLabels(null)),
                invalid("no selector", "spec.selector: is required", s -> s.selector = null),
                invalid("no template", "spec.template: is required", s -> s.template = null),
                invalid("negative replicas", "spec.replicas: must be ≥ 0, got -1", s -> s.replicas = -1),
                invalid("an HTTPRoute without a name", "spec.strategy.canary.trafficRouting.gatewayAPI.httpRoute: is required",
                        s -> s.strategy.canary.trafficRouting = new TrafficRouting("")),
                invalid("port 0", "spec.strategy.canary.port: must be between 1 and 65535", s -> s.strategy.canary.port = 0),
                invalid("a Prometheus address with a placeholder", "spec.strategy.canary.analysis.prometheus.address: must not contain { or }",
                        s -> s.strategy.canary.analysis = prometheusAt("http://127.0.0.1:9/{{env:HOME}}")),
                invalid("a Prometheus address with user-info", "spec.strategy.canary.analysis.prometheus.address: must not contain user-info",
                        s -> s.strategy.canary.analysis = prometheusAt("http://admin:hunter2@prometheus:9090")),
                invalid("a Prometheus address that is not http(s)", "spec.strategy.canary.analysis.prometheus.address: must be an absolute http or https URL",
                        s -> s.strategy.canary.analysis = prometheusAt("file:///etc/passwd")),
                invalid("a negative consecutiveErrorLimit", "spec.strategy.canary.analysis.consecutiveErrorLimit: must be ≥ 0, got -1",
                        s -> {
                            s.strategy.canary.analysis = prometheusAt("http://prometheus:9090");
                            s.strategy.canary.analysis.consecutiveErrorLimit = -1;
                        }));
    }

    static io.kulta.model.AnalysisConfig prometheusAt(String address) {
        io.kulta.model.AnalysisConfig a = new io.kulta.model.AnalysisConfig();
        a.prometheus = new io.kulta.model.AnalysisConfig.PrometheusConfig();
        a.prometheus.address = address;
        return a;
    }

    static Arguments invalid(String name, String message, Consumer<RolloutSpec> breakIt) {
        return arguments(name, message, breakIt);
    }

    @ParameterizedTest(name = "{0} is reported as InvalidSpec")
    @MethodSource("invalidSpecs")
    void anInvalidSpecIsReportedAndNothingElseIsWritten(String name, String message, Consumer<RolloutSpec> breakIt) {
        RolloutStatus paused = Rollouts.canaryStatus("aaa", "bbb", 0, 20);
        paused.phase = Phase.Paused;
        Plan plan = observe(validCanary().spec(breakIt).status(paused)).replicaSet("aaa", 4, 4).plan();

        Condition valid = condition(plan, Conditions.VALID);
        assertThat(valid.getStatus()).isEqualTo("False");
        assertThat(valid.getReason()).isEqualTo("InvalidSpec");
        assertThat(valid.getMessage()).contains(message);
        assertThat(plan.status().message).contains(message);
        assertThat(plan.status().phase).as("phase unchanged").isEqualTo(Phase.Paused);
        assertThat(plan.status().currentWeight).isEqualTo(20);
        assertThat(plan.replicas()).isEmpty();
        assertThat(plan.serviceRevisions()).isEmpty();
        assertThat(plan.traffic()).isNull();
        assertThat(plan.consumed()).isEmpty();
        assertThat(actions(plan)).containsExactly(Transition.Action.INVALID_SPEC);
        assertThat(plan.transitions().get(0).message()).contains(message);
    }

    @ParameterizedTest(name = "{0} is found by SpecValidator")
    @MethodSource("invalidSpecs")
    void theValidatorNamesTheFieldPath(String name, String message, Consumer<RolloutSpec> breakIt) {
        assertThat(SpecValidator.validate(validCanary().spec(breakIt).build()))
                .anySatisfy(problem -> assertThat(problem).contains(message));
    }

    @Test
    void theValidExampleHasNoProblems() {
        assertThat(SpecValidator.validate(validCanary().build())).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var rollout = validCanary().spec(s -> {
            s.strategy.canary.steps.get(0).setWeight = 150;
            s.strategy.canary.steps.get(1).pause.duration = "5x";
            s.strategy.canary.stableService = null;
        });

        Plan plan = observe(rollout).plan();

        assertThat(condition(plan, Conditions.VALID).getMessage()).contains(
                "spec.strategy.canary.steps[0].setWeight", "spec.strategy.canary.steps[1].pause.duration",
                "spec.strategy.canary.stableService");
    }

    @Test
    void theInvalidSpecEventIsEmittedOnlyWhenTheMessageIsNew() {
        FakeCluster cluster = FakeCluster.of(validCanary().spec(s -> s.strategy.canary.steps.get(0).setWeight = 150));

        assertThat(actions(cluster.reconcile())).containsExactly(Transition.Action.INVALID_SPEC);
        Plan again = cluster.reconcile();
        assertThat(actions(again)).as("same problem, already reported").isEmpty();
        assertThat(cluster.writesFor(cluster.reconcile())).as("nothing left to write").isEmpty();

        cluster.rollout().getSpec().strategy.canary.steps.get(0).setWeight = 120;
        assertThat(actions(cluster.reconcile())).as("a different problem is news").containsExactly(Transition.Action.INVALID_SPEC);
    }

    @Test
    void fixingTheSpecMakesItValidAgainAndTheRolloutProceeds() {
        FakeCluster cluster = FakeCluster.of(validCanary().spec(s -> s.strategy.canary.steps.get(0).setWeight = 150));
        cluster.reconcile();

        cluster.rollout().getSpec().strategy.canary.steps.get(0).setWeight = 20;
        Plan plan = cluster.reconcile();

        assertThat(condition(plan, Conditions.VALID).getStatus()).isEqualTo("True");
        assertThat(plan.replicas()).containsEntry(cluster.revision(), 5);
    }

    @Test
    void aMissingServiceIsReportedByNameAndRetried() {
        Plan plan = observe(validCanary()).services("shop-stable").plan();

        Condition progressing = condition(plan, Conditions.PROGRESSING);
        assertThat(progressing.getStatus()).isEqualTo("False");
        assertThat(progressing.getReason()).isEqualTo("ReferenceNotFound");
        assertThat(progressing.getMessage()).isEqualTo("Service shop-canary not found in namespace default; waiting for it");
        assertThat(condition(plan, Conditions.VALID).getStatus()).isEqualTo("True");
        assertThat(plan.replicas()).isEmpty();
        assertThat(plan.serviceRevisions()).isEmpty();
        assertThat(plan.traffic()).isNull();
        assertThat(plan.requeueAfter()).isEqualTo(java.time.Duration.ofSeconds(15));
        assertThat(actions(plan)).containsExactly(Transition.Action.REFERENCE_NOT_FOUND);
    }

    @Test
    void everythingMissingIsNamedAndThePhaseIsUnchanged() {
        String v1 = validCanary().revision();
        Plan plan = observe(validCanary().status(Rollouts.stableStatus(v1))).replicaSet(v1, 5, 5).services().routes().plan();

        assertThat(condition(plan, Conditions.PROGRESSING).getMessage())
                .isEqualTo("Service shop-stable, Service shop-canary, HTTPRoute shop-route not found in namespace default; waiting for them");
        assertThat(plan.status().phase).isEqualTo(Phase.Completed);
        assertThat(plan.replicas()).isEmpty();
        assertThat(plan.traffic()).isNull();
    }

    @Test
    void theHttpRouteIsOnlyRequiredWithTrafficRouting() {
        Plan plan = observe(validCanary().spec(s -> s.strategy.canary.trafficRouting = null)).routes().plan();

        assertThat(condition(plan, Conditions.PROGRESSING).getReason()).isNotEqualTo("ReferenceNotFound");
        assertThat(plan.replicas()).isNotEmpty();
    }

    @Test
    void aMissingReferenceIsAnnouncedOnceWhileItStaysMissing() {
        FakeCluster cluster = FakeCluster.of(validCanary());
        Observation noRoute = observe(cluster.rollout()).routes().build();
        cluster.apply(new CanaryPlanner().plan(noRoute));

        Plan again = new CanaryPlanner().plan(observe(cluster.rollout()).routes().build());

        assertThat(actions(again)).isEmpty();
        assertThat(cluster.writesFor(again)).isEmpty();
        assertThat(again.requeueAfter()).as("still retried").isNotNull();
    }

    private static Rollouts.Builder validCanary() {
        return canary("shop").replicas(5).httpRoute("shop-route").steps(setWeight(20), pause("5m"), setWeight(50), pause());
    }
}
