package io.kulta.scenario;

import io.kulta.core.Conditions;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.CanaryStep;
import io.kulta.model.Pause;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.HttpGet;
import io.kulta.testing.MovingClock;
import io.kulta.testing.PrometheusText;
import io.kulta.testing.prometheus.FakeApp;
import io.kulta.testing.prometheus.FakeApp.Traffic;
import io.kulta.testing.prometheus.PrometheusServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitReplicas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Metrics analysis against a real Prometheus scraping the app under rollout: a healthy canary completes,
 * an error-rate or latency breach rolls back, and a Prometheus that goes away is handled as
 * failurePolicy says.
 */
class AnalysisScenarioTest {
    static final String ROLLOUT = "kulta-demo";

    FakeApp app = new FakeApp();
    PrometheusServer prometheus = new PrometheusServer(app.target());
    MovingClock clock = new MovingClock();
    KultaCluster cluster;
    RunningController controller;
    String stable;

    @BeforeEach
    void start() throws Exception {
        cluster = new KultaCluster("analysis", false);
        controller = RunningController.start(cluster, clock, Map.of("kulta.analysisInterval", "1s"));
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
        prometheus.close();
        app.close();
    }

    @Test
    void aHealthyCanaryCompletes() {
        String canary = deployThenUpdate(AnalysisConfig.FailurePolicy.Pause, Traffic.healthy());

        RolloutStatus passed = awaitStatus(s -> {
            assertThat(s.currentStepIndex).isZero();
            assertThat(s.lastAnalysis).isNotNull();
            assertThat(s.lastAnalysis.verdict).isEqualTo("Pass");
        });
        assertThat(passed.lastAnalysis.revision).isEqualTo(canary);
        assertThat(passed.lastAnalysis.metrics).extracting(m -> m.name).containsExactly("error-rate", "latency-p95", "success-share");
        assertThat(passed.lastAnalysis.metrics.get(0).value).isZero();
        assertThat(passed.lastAnalysis.metrics.get(1).value).isBetween(1.0, 500.0);
        assertThat(passed.lastAnalysis.metrics.get(2).value).as("a custom query, batched with label_replace").isEqualTo(1.0);

        clock.advance(Duration.ofMinutes(1));
        awaitStatus(s -> {
            assertThat(s.currentStepIndex).isEqualTo(1);
            assertThat(s.phase).as("its pause has started").isEqualTo(Phase.Paused);
        });
        clock.advance(Duration.ofMinutes(1));
        awaitStatus(s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.stableRevision).isEqualTo(canary);
        });
    }

    @Test
    void anErrorRateBreachRollsBack() {
        String canary = deployThenUpdate(AnalysisConfig.FailurePolicy.Pause, new Traffic(50, 0.2, 0.03));

        RolloutStatus failed = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Failed));

        assertThat(failed.message).contains("rolled back to stable revision " + stable, "error-rate", "> threshold 5");
        assertThat(failed.lastAnalysis.metrics.get(0).value).isBetween(15.0, 25.0);
        assertRolledBack(canary);

        PrometheusText metrics = new PrometheusText(HttpGet.get(controller.httpUrl() + "/metrics").body());
        assertThat(metrics.value("kulta_rollbacks_total", Map.of("strategy", "canary"))).isEqualTo(1.0);
        assertThat(metrics.value("kulta_analysis_verdicts_total", Map.of("metric", "error-rate", "verdict", "Fail"))).isPositive();
        assertThat(metrics.value("kulta_analysis_verdicts_total", Map.of("verdict", "Error"))).isNull();
        assertThat(metrics.value("kulta_analysis_queries_total", Map.of("metric", "error-rate", "result", "ok"))).isPositive();
    }

    @Test
    void aLatencyBreachRollsBack() {
        String canary = deployThenUpdate(AnalysisConfig.FailurePolicy.Pause, new Traffic(50, 0, 1.0));

        RolloutStatus failed = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Failed));

        assertThat(failed.message).contains("latency-p95", "> threshold 500");
        assertRolledBack(canary);
    }

    @ParameterizedTest(name = "failurePolicy {0}")
    @EnumSource(AnalysisConfig.FailurePolicy.class)
    void prometheusGoingAwayMidRolloutIsHandledAsTheFailurePolicySays(AnalysisConfig.FailurePolicy policy) {
        String canary = deployThenUpdate(policy, Traffic.healthy());
        awaitStatus(s -> assertThat(s.lastAnalysis).isNotNull().extracting(a -> a.verdict).isEqualTo("Pass"));

        prometheus.stop();
        RolloutStatus errored = awaitStatus(s -> assertThat(s.lastAnalysis).isNotNull().extracting(a -> a.verdict).isEqualTo("Error"));
        assertThat(errored.lastAnalysis.message).contains("unreachable");

        switch (policy) {
            case Pause -> {
                clock.advance(Duration.ofMinutes(1));   // the pause is over, but the analysis cannot say
                var threeReconciles = new org.apache.camel.builder.NotifyBuilder(controller.context())
                        .fromRoute("reconcile-worker").whenCompleted(3).create();
                assertThat(threeReconciles.matches(20, TimeUnit.SECONDS)).isTrue();
                RolloutStatus held = cluster.status(ROLLOUT);
                assertThat(Conditions.find(held.conditions, Conditions.PROGRESSING).orElseThrow().getReason()).isEqualTo("AnalysisError");
                assertThat(held.phase).isEqualTo(Phase.Paused);
                assertThat(held.currentStepIndex).isZero();
                assertThat(held.message).contains("failurePolicy Pause", "unreachable");
            }
            case Continue -> {
                clock.advance(Duration.ofMinutes(1));
                awaitStatus(s -> {
                    assertThat(s.currentStepIndex).isEqualTo(1);
                    assertThat(s.phase).isEqualTo(Phase.Paused);
                });
                clock.advance(Duration.ofMinutes(1));
                awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed));
            }
            case Rollback -> {
                assertThat(errored.phase).as("the first error only holds the step").isEqualTo(Phase.Paused);
                RolloutStatus failed = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Failed));
                assertThat(failed.message).contains("failurePolicy Rollback");
                assertThat(failed.lastAnalysis.consecutiveErrors).as("more than consecutiveErrorLimit 4 in a row").isEqualTo(5);
                assertRolledBack(canary);
            }
        }
    }

    /** First deployment, then a new image whose pods serve {@code canaryTraffic}; returns the new revision. */
    private String deployThenUpdate(AnalysisConfig.FailurePolicy policy, Traffic canaryTraffic) {
        cluster.apply(Path.of("examples/canary.yaml"));
        cluster.editRollout(ROLLOUT, r -> {
            var canary = r.getSpec().strategy.canary;
            canary.steps = List.of(new CanaryStep(20, new Pause("1m")), new CanaryStep(50, new Pause("1m")));
            canary.analysis = analysis(policy);
            return r;
        });
        stable = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        app.serve(cluster.namespace(), ROLLOUT, stable, Traffic.healthy());
        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        String canary = awaitStatus(s -> assertThat(s.canaryRevision).isNotNull()).canaryRevision;
        app.serve(cluster.namespace(), ROLLOUT, canary, canaryTraffic);
        return canary;
    }

    private AnalysisConfig analysis(AnalysisConfig.FailurePolicy policy) {
        AnalysisConfig a = new AnalysisConfig();
        a.prometheus = new AnalysisConfig.PrometheusConfig();
        a.prometheus.address = prometheus.url();
        a.failurePolicy = policy;
        AnalysisConfig.Metric successShare = new AnalysisConfig.Metric();
        successShare.name = "success-share";
        successShare.query = "sum(rate(http_requests_total{namespace=\"{{namespace}}\",rollout=\"{{rollout}}\",revision=\"{{revision}}\",status=\"200\"}[2m]))"
                + " / sum(rate(http_requests_total{namespace=\"{{namespace}}\",rollout=\"{{rollout}}\",revision=\"{{revision}}\"}[2m]))";
        successShare.min = 0.5;
        a.metrics = List.of(new AnalysisConfig.Metric("error-rate", 5.0), new AnalysisConfig.Metric("latency-p95", 500.0), successShare);
        return a;
    }

    private void assertRolledBack(String canary) {
        await().atMost(20, java.util.concurrent.TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-stable", 100).containsEntry("shop-canary", 0));
        clock.advance(java.time.Duration.ofSeconds(30));   // the canary keeps its pods abortScaleDownDelaySeconds at weight 0
        awaitReplicas(cluster, ROLLOUT, Map.of(canary, 0, stable, 5));
        assertThat(cluster.selector("shop-canary")).containsEntry("pod-template-hash", stable);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(cluster.eventReasons(ROLLOUT)).contains("RolledBack"));
    }

    private RolloutStatus awaitStatus(org.assertj.core.api.ThrowingConsumer<RolloutStatus> check) {
        try {
            return await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.status(ROLLOUT), s -> {
                        try {
                            check.accept(s);
                            return true;
                        } catch (AssertionError e) {
                            return false;
                        }
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the Rollout never got there; its status: "
                    + io.fabric8.kubernetes.client.utils.Serialization.asYaml(cluster.status(ROLLOUT)), e);
        }
    }
}
