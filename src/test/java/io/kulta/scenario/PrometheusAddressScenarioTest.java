package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.Condition;
import io.kulta.core.Conditions;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.CanaryStep;
import io.kulta.model.Pause;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.HttpSink;
import io.kulta.testing.MutableClock;
import io.kulta.testing.prometheus.FakePrometheus;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §4 amended: a Rollout cannot turn the controller's Prometheus client against the controller. A
 * canary under analysis whose address is edited to carry a Camel placeholder ({{env:HOME}} used to be
 * resolved into the request) or user-info gets Valid=False naming the field, and not one request
 * leaves for it, however many analysis ticks pass.
 */
class PrometheusAddressScenarioTest {
    static final String ROLLOUT = "kulta-demo";

    FakePrometheus prometheus = new FakePrometheus();
    HttpSink wouldBeTarget = new HttpSink();
    KultaCluster cluster;
    RunningController controller;

    @BeforeEach
    void start() throws Exception {
        cluster = new KultaCluster("prom-address", false);
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-12-01T10:00:00Z")),
                Map.of("kulta.analysisInterval", "200"));
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
        prometheus.close();
        wouldBeTarget.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a Camel placeholder|/{{env:HOME}}|must not contain { or }",
            "user-info|@user-info|must not contain user-info"})
    void anAddressEditedToPointAtTheControllerIsInvalidAndNeverAsked(String name, String edit, String why) {
        pausedUnderAnalysis();
        String address = edit.startsWith("@")
                ? wouldBeTarget.url("").replace("http://", "http://kulta:secret@") : wouldBeTarget.url(edit);

        cluster.editRollout(ROLLOUT, r -> {
            r.getSpec().strategy.canary.analysis.prometheus.address = address;
            return r;
        });

        RolloutStatus invalid = awaitStatus(cluster, ROLLOUT, s -> assertThat(Conditions.find(s.conditions, Conditions.VALID))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False")));
        Condition valid = Conditions.find(invalid.conditions, Conditions.VALID).orElseThrow();
        assertThat(valid.getReason()).isEqualTo("InvalidSpec");
        assertThat(valid.getMessage()).contains("spec.strategy.canary.analysis.prometheus.address: " + why).doesNotContain("secret");
        var ticks = new NotifyBuilder(controller.context()).fromRoute("analysis").whenCompleted(10).create();
        assertThat(ticks.matches(30, TimeUnit.SECONDS)).as("ten analysis ticks after the edit").isTrue();
        assertThat(wouldBeTarget.attempts()).as("requests that left for the edited address").isZero();
    }

    /** The example canary, updated, paused at 20% with analysis against the in-test Prometheus, which has been asked. */
    private void pausedUnderAnalysis() {
        cluster.apply(Path.of("examples/canary.yaml"));
        cluster.editRollout(ROLLOUT, r -> {
            var canary = r.getSpec().strategy.canary;
            canary.steps = List.of(new CanaryStep(20, new Pause()), new CanaryStep(50, new Pause()));
            AnalysisConfig a = new AnalysisConfig();
            a.prometheus = new AnalysisConfig.PrometheusConfig();
            a.prometheus.address = prometheus.url();
            AnalysisConfig.Metric m = new AnalysisConfig.Metric();
            m.name = "error-rate";
            m.threshold = 5.0;
            a.metrics = List.of(m);
            canary.analysis = a;
            return r;
        });
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
            assertThat(s.lastAnalysis).isNotNull();
        });
        assertThat(prometheus.received()).isNotEmpty();
    }
}
