package io.kulta.routes;

import io.kulta.metrics.AnalysisMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.kulta.core.analysis.AbTarget;
import io.kulta.core.analysis.AnalysisTarget;
import io.kulta.core.analysis.Measurement;
import io.kulta.model.AnalysisConfig;
import io.kulta.prometheus.LatestMeasurements;
import io.kulta.prometheus.PrometheusClient;
import io.kulta.prometheus.PrometheusSettings;
import io.kulta.queue.WorkQueue;
import io.kulta.testing.HangingServer;
import io.kulta.testing.prometheus.FakeApp;
import io.kulta.testing.prometheus.FakePrometheus;
import io.kulta.testing.prometheus.PrometheusServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.RoutePolicySupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §4 amended, isolation, through the real analysis routes: one Rollout's broken custom query or
 * unreachable Prometheus never fails, slows or leaks into another Rollout's analysis.
 */
class AnalysisIsolationTest {
    static final String X = "ns/x";
    static final String Y = "ns/y";

    DefaultCamelContext camel = new DefaultCamelContext();
    LatestMeasurements measurements = new LatestMeasurements(new WorkQueue(Duration.ofMillis(100), Duration.ofSeconds(1)), Clock.systemUTC());

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aRolloutWithABrokenCustomQueryErrorsAloneWhileAnotherOnTheSamePrometheusPasses() throws Exception {
        try (FakeApp app = new FakeApp(); PrometheusServer prometheus = new PrometheusServer(app.target())) {
            app.serve("ns", "x", "rx", FakeApp.Traffic.healthy());
            app.serve("ns", "y", "ry", FakeApp.Traffic.healthy());
            String broken = "sum(rate(http_requests_total{rollout=\"{{rollout}}\"}[2m])";   // one ")" short
            String healthy = "sum(rate(http_requests_total{namespace=\"{{namespace}}\",rollout=\"{{rollout}}\",revision=\"{{revision}}\"}[2m]))";
            start(10, target(X, "rx", prometheus.url(), broken), target(Y, "ry", prometheus.url(), healthy));

            Measurement y = await().atMost(60, TimeUnit.SECONDS).until(() -> measurements.latest(Y),
                    m -> m != null && m.samples().get("share") != null && m.samples().get("share").value() != null);
            Measurement x = measurements.latest(X);

            assertThat(y.error()).isNull();
            assertThat(y.samples().get("share").value()).isPositive();
            assertThat(x.error()).contains("rejected the query", "parse error");
            assertThat(x.error()).as("only X's own query text").doesNotContain("ns/y", "\"y\"", "\"ry\"");
        }
    }

    @Test
    void aPrometheusThatHangsDelaysOnlyItsOwnRollouts() throws Exception {
        try (HangingServer hanging = new HangingServer(); FakePrometheus fast = new FakePrometheus()) {
            String query = "sum(up{rollout=\"{{rollout}}\"})";
            start(3, target(X, "rx", hanging.url(), query), target(Y, "ry", fast.url(), query));

            await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> measurements.latest(Y) != null);
            assertThat(measurements.latest(X)).as("X still waits for its own 3 s timeout when Y is measured").isNull();

            Measurement x = await().atMost(10, TimeUnit.SECONDS).until(() -> measurements.latest(X), m -> m != null);
            assertThat(x.error()).contains("unreachable: no answer within 3s");
            assertThat(measurements.latest(Y).error()).isNull();
        }
    }

    private void start(int timeoutSeconds, AnalysisTarget... targets) throws Exception {
        camel.getPropertiesComponent().addInitialProperty("kulta.analysisInterval", "500");
        camel.getRegistry().bind("analysisTargets", new Targets(List.of(targets)));
        camel.getRegistry().bind("abAnalysisTargets", new NoExperiments());
        camel.getRegistry().bind("prometheusClient", new PrometheusClient(PrometheusSettings.of(timeoutSeconds, null, "", "", "", "")));
        camel.getRegistry().bind("measurements", measurements);
        camel.getRegistry().bind("analysisMetrics", new AnalysisMetrics(new SimpleMeterRegistry()));
        camel.getRegistry().bind("leaderPolicy", new RoutePolicySupport() { });
        camel.addRoutes(new AnalysisRoutes());
        camel.start();
    }

    private static AnalysisTarget target(String key, String revision, String prometheus, String query) {
        AnalysisConfig.Metric share = new AnalysisConfig.Metric();
        share.name = "share";
        share.query = query;
        share.min = 0.0;
        String name = key.substring(3);
        return new AnalysisTarget(key, "ns", name, revision, "stable", name + "-canary", prometheus, List.of(share));
    }

    /** The analysisTargets bean: these Rollouts on every tick. */
    public static final class Targets {
        private final List<AnalysisTarget> targets;

        Targets(List<AnalysisTarget> targets) {
            this.targets = targets;
        }

        public List<AnalysisTarget> current() {
            return targets;
        }
    }

    public static final class NoExperiments {
        public List<AbTarget> current() {
            return List.of();
        }
    }
}
