package io.kulta.dashboard;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.core.Annotations;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.CanaryStep;
import io.kulta.model.Pause;
import io.kulta.model.Phase;
import io.kulta.scenario.KultaCluster;
import io.kulta.scenario.RunningController;
import io.kulta.testing.MovingClock;
import io.kulta.testing.browser.HeadlessChromium;
import io.kulta.testing.prometheus.FakeApp;
import io.kulta.testing.prometheus.FakeApp.Traffic;
import io.kulta.testing.prometheus.PrometheusServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebDriver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real headless Chromium, against the controller on the mock API tier and a real Prometheus: the
 * list renders, the traffic bar moves when a step advances (from the page's live updates, never a reload), the
 * analysis chart has points, and the promote button promotes. Screenshots of both pages are kept in target/browser/.
 */
class DashboardBrowserTest {
    static final String ROLLOUT = "kulta-demo";

    @RegisterExtension
    final HeadlessChromium chromium = new HeadlessChromium();

    final FakeApp app = new FakeApp();
    final PrometheusServer prometheus = new PrometheusServer(app.target());
    final MovingClock clock = new MovingClock();
    KultaCluster cluster;
    RunningController controller;
    KubernetesClient user;
    DashboardServer dashboard;

    @BeforeEach
    void start() throws Exception {
        cluster = new KultaCluster("dashboard", false);
        controller = RunningController.start(cluster, clock, Map.of("kulta.analysisInterval", "1s"));
        user = cluster.api().newClient(cluster.namespace());
        dashboard = DashboardServer.start(user, cluster.namespace(), 0);
    }

    @AfterEach
    void stop() throws Exception {
        dashboard.close();
        user.close();
        controller.close();
        cluster.close();
        prometheus.close();
        app.close();
    }

    @Test
    void theListTheTrafficBarTheAnalysisChartAndThePromoteButton() {
        String stable = deployWithAnalysis();
        WebDriver browser = chromium.start();
        String key = cluster.namespace() + "/" + ROLLOUT;

        browser.get(dashboard.url().toString());
        chromium.await(20, "the list shows the Rollout, Completed",
                b -> "Completed".equals(chromium.attribute("tr[data-rollout='" + key + "'] .phase", "data-phase")));
        assertThat(chromium.text("tr[data-rollout='" + key + "'] .weight")).isEqualTo("100%");
        chromium.screenshot("dashboard-list");

        chromium.click("tr[data-rollout='" + key + "'] a");
        chromium.await(20, "the Rollout page shows all traffic on the stable Service",
                b -> "100".equals(chromium.attribute("#traffic .segment[data-service='shop-stable']", "data-percent")));
        assertThat(chromium.attribute("#traffic .segment[data-service='shop-canary']", "data-percent")).isEqualTo("0");

        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        String canary = await().atMost(30, TimeUnit.SECONDS).until(() -> cluster.status(ROLLOUT).canaryRevision, c -> c != null && !c.equals(stable));
        app.serve(cluster.namespace(), ROLLOUT, canary, Traffic.healthy());
        chromium.await(30, "the traffic bar moves to 20 % on the canary without a reload",
                b -> "20".equals(chromium.attribute("#traffic .segment[data-service='shop-canary']", "data-percent")));
        assertThat(chromium.attribute("#traffic .segment[data-service='shop-stable']", "data-percent")).isEqualTo("80");
        assertThat(chromium.attribute("#steps li:nth-child(1)", "data-state")).isEqualTo("current");

        chromium.await(60, "the analysis chart of error-rate has at least three measured points", b -> {
            String points = chromium.attribute(".metric-chart[data-metric='error-rate']", "data-points");
            return points != null && Integer.parseInt(points) >= 3;
        });
        assertThat(chromium.attribute(".metric-chart[data-metric='error-rate'] canvas", "width")).as("uPlot drew it").isNotNull();
        assertThat(cluster.status(ROLLOUT).currentStepIndex).as("an indefinite pause holds until promoted").isZero();
        chromium.screenshot("dashboard-rollout");

        chromium.click("#promote");
        chromium.await(20, "the API's answer is shown",
                b -> String.valueOf(chromium.text("#action-result")).contains("rollout kulta-demo promoted (kulta.io/promote=true)"));
        chromium.await(30, "the traffic bar moves to 50 % once the controller has promoted",
                b -> "50".equals(chromium.attribute("#traffic .segment[data-service='shop-canary']", "data-percent")));
        assertThat(chromium.attribute("#steps li:nth-child(2)", "data-state")).isEqualTo("current");
        assertThat(cluster.status(ROLLOUT).currentStepIndex).isEqualTo(1);
        assertThat(cluster.rollout(ROLLOUT).getMetadata().getAnnotations()).as("the controller acted on it").doesNotContainKey(Annotations.PROMOTE);
        chromium.await(10, "the Events table shows the promotion", b -> String.valueOf(chromium.text("#events")).contains("Promoted"));
    }

    /** examples/canary.yaml with an indefinite pause at 20 % and analysis by a real Prometheus; returns the stable revision. */
    private String deployWithAnalysis() {
        cluster.apply(Path.of("examples/canary.yaml"));
        cluster.editRollout(ROLLOUT, r -> {
            var canary = r.getSpec().strategy.canary;
            canary.steps = List.of(new CanaryStep(20, new Pause()), new CanaryStep(50, new Pause("10m")));
            AnalysisConfig a = new AnalysisConfig();
            a.prometheus = new AnalysisConfig.PrometheusConfig();
            a.prometheus.address = prometheus.url();
            a.failurePolicy = AnalysisConfig.FailurePolicy.Pause;
            a.metrics = List.of(new AnalysisConfig.Metric("error-rate", 5.0));
            canary.analysis = a;
            return r;
        });
        String stable = await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.status(ROLLOUT), s -> s.phase == Phase.Completed).stableRevision;
        app.serve(cluster.namespace(), ROLLOUT, stable, Traffic.healthy());
        return stable;
    }
}
