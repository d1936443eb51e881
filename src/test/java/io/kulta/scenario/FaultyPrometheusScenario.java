package io.kulta.scenario;

import io.kulta.model.AnalysisConfig;
import io.kulta.model.AnalysisConfig.FailurePolicy;
import io.kulta.model.CanaryStep;
import io.kulta.model.Pause;
import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.MovingClock;
import io.kulta.testing.prometheus.FakeApp;
import io.kulta.testing.prometheus.FakeApp.Traffic;
import io.kulta.testing.prometheus.PrometheusFaultProxy;
import io.kulta.testing.prometheus.PrometheusServer;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A healthy canary measured by a real Prometheus that sits behind a {@link PrometheusFaultProxy}: the controller's
 * Prometheus timeout is 1 s, the analysis tick 1 s, and each of the two steps pauses 1 m on a clock the test moves.
 * Every status is checked by an {@link AnalysisWatch}.
 */
abstract class FaultyPrometheusScenario {
    static final String ROLLOUT = "kulta-demo";
    static final int ERROR_LIMIT = 3;
    /** error-rate's minSampleSize: requests in its window before it may pass. */
    static final int MIN_SAMPLES = 50;
    private static final Logger LOG = LoggerFactory.getLogger(FaultyPrometheusScenario.class);

    final FakeApp app = new FakeApp();
    final PrometheusServer prometheus = new PrometheusServer(app.target());
    final PrometheusFaultProxy proxy = new PrometheusFaultProxy(prometheus.url(), Duration.ofMillis(1600));
    final MovingClock clock = new MovingClock();
    KultaCluster cluster;
    RunningController controller;
    AnalysisWatch watch;
    String stable;
    String canary;

    void start(FailurePolicy policy) throws Exception {
        cluster = new KultaCluster("prom-faults", false);
        controller = RunningController.start(cluster, clock, Map.of("kulta.analysisInterval", "1s", "kulta.prometheusTimeoutSeconds", "1"));
        watch = new AnalysisWatch(cluster.client(), cluster.namespace(), ROLLOUT, policy, ERROR_LIMIT, MIN_SAMPLES);
    }

    @AfterEach
    void stop() throws Exception {
        LOG.info("prometheus faults injected: {} over {} ticks", proxy.injected(), proxy.ticks().size());
        if (watch != null) watch.close();
        if (controller != null) controller.close();
        if (cluster != null) cluster.close();
        proxy.close();
        prometheus.close();
        app.close();
    }

    /** First deployment, then a new image serving healthy traffic under analysis with this policy; sets stable and canary. */
    void deployThenUpdate(FailurePolicy policy) {
        deployThenUpdate(policy, List.of(new CanaryStep(20, new Pause("1m")), new CanaryStep(50, new Pause("1m"))));
    }

    void deployThenUpdate(FailurePolicy policy, List<CanaryStep> steps) {
        cluster.apply(Path.of("examples/canary.yaml"));
        cluster.editRollout(ROLLOUT, r -> {
            var c = r.getSpec().strategy.canary;
            c.steps = steps;
            c.analysis = analysis(policy);
            return r;
        });
        stable = awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        app.serve(cluster.namespace(), ROLLOUT, stable, Traffic.healthy());
        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        canary = cluster.revisionWithImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        app.serve(cluster.namespace(), ROLLOUT, canary, Traffic.healthy());
    }

    private AnalysisConfig analysis(FailurePolicy policy) {
        AnalysisConfig a = new AnalysisConfig();
        a.prometheus = new AnalysisConfig.PrometheusConfig();
        a.prometheus.address = proxy.url();
        a.failurePolicy = policy;
        a.consecutiveErrorLimit = ERROR_LIMIT;
        AnalysisConfig.Metric errorRate = new AnalysisConfig.Metric("error-rate", 5.0);
        errorRate.minSampleSize = MIN_SAMPLES;
        a.metrics = List.of(errorRate, new AnalysisConfig.Metric("latency-p95", 500.0));
        return a;
    }

    /** Moves the clock half a minute every second, so every pause ends, until the canary is the stable revision. */
    RolloutStatus completesWhilePausesEnd() {
        return completesWhilePausesEnd(Duration.ofSeconds(30));
    }

    /** Moves the clock by this much every second until the canary is the stable revision. */
    RolloutStatus completesWhilePausesEnd(Duration step) {
        return completesWhilePausesEnd(step, () -> true);
    }

    /** Moves the clock by this much on every second when {@code now} says so, until the canary is the stable revision. */
    RolloutStatus completesWhilePausesEnd(Duration step, java.util.function.BooleanSupplier now) {
        try {
            return await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        if (now.getAsBoolean()) clock.advance(step);
                        return cluster.status(ROLLOUT);
                    }, s -> s.phase == Phase.Completed && canary.equals(s.stableRevision));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the canary never completed; its status: "
                    + io.fabric8.kubernetes.client.utils.Serialization.asYaml(cluster.status(ROLLOUT)), e);
        }
    }

    /** The first status the watch sees from now on that satisfies the check, waiting for it. */
    RolloutStatus awaitSeen(org.assertj.core.api.ThrowingConsumer<RolloutStatus> check) {
        int from = watch.seen().size();
        try {
            return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> watch.seen().stream().skip(from).filter(s -> holds(check, s)).findFirst().orElse(null), s -> s != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no status got there; the last one: "
                    + io.fabric8.kubernetes.client.utils.Serialization.asYaml(cluster.status(ROLLOUT)), e);
        }
    }

    RolloutStatus awaitStatus(ThrowingConsumer<RolloutStatus> check) {
        try {
            return await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.status(ROLLOUT), s -> holds(check, s));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the Rollout never got there; its status: "
                    + io.fabric8.kubernetes.client.utils.Serialization.asYaml(cluster.status(ROLLOUT)), e);
        }
    }

    void assertNoViolations() {
        assertThat(watch.violations()).as("what the watch saw against SPEC §4, proxy seed in the log").isEmpty();
    }

    private static boolean holds(ThrowingConsumer<RolloutStatus> check, RolloutStatus s) {
        try {
            check.accept(s);
            return true;
        } catch (AssertionError | NullPointerException e) {
            return false;
        }
    }
}
