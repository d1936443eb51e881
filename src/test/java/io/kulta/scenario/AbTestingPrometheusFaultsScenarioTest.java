package io.kulta.scenario;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kulta.model.AbExperimentStatus;
import io.kulta.model.AbExperimentStatus.Variant;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.HttpGet;
import io.kulta.testing.PrometheusText;
import io.kulta.testing.prometheus.FakeApp;
import io.kulta.testing.prometheus.FakeApp.Traffic;
import io.kulta.testing.prometheus.PrometheusFault;
import io.kulta.testing.prometheus.PrometheusFaultProxy;
import io.kulta.testing.prometheus.PrometheusFaultSchedule;
import io.kulta.testing.prometheus.PrometheusServer;
import io.kulta.testing.MovingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * examples/ab-testing.yaml measured by a real Prometheus behind a {@link PrometheusFaultProxy} that flaps with every
 * fault, NaN and +Inf in single series included (SPEC §3 "A/B testing", §4): an error or a garbage answer never
 * decides a winner — the experiment keeps waiting and says why — and a real difference is still found through the
 * flapping. Every status is checked by the test's own watch.
 */
class AbTestingPrometheusFaultsScenarioTest {
    static final String ROLLOUT = "storefront";
    static final long SEED = 3141;
    private static final Logger LOG = LoggerFactory.getLogger(AbTestingPrometheusFaultsScenarioTest.class);

    final FakeApp app = new FakeApp();
    final PrometheusServer prometheus = new PrometheusServer(app.target());
    final PrometheusFaultProxy proxy = new PrometheusFaultProxy(prometheus.url(), Duration.ofMillis(1600));
    final MovingClock clock = new MovingClock();
    final List<RolloutStatus> seen = new CopyOnWriteArrayList<>();
    KultaCluster cluster;
    RunningController controller;
    Watch watch;
    String a;
    String b;

    @BeforeEach
    void start() throws Exception {
        cluster = new KultaCluster("ab-prom-faults", false);
        controller = RunningController.start(cluster, clock, Map.of("kulta.analysisInterval", "1s", "kulta.prometheusTimeoutSeconds", "1"));
        watch = cluster.client().resources(Rollout.class).inNamespace(cluster.namespace()).withName(ROLLOUT).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Rollout r) {
                if (r.getStatus() != null) seen.add(r.getStatus());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        LOG.info("prometheus faults injected: {} over {} ticks", proxy.injected(), proxy.ticks().size());
        watch.close();
        controller.close();
        cluster.close();
        proxy.close();
        prometheus.close();
        app.close();
    }

    @Test
    void equalVariantsThroughAFlappingPrometheusNeverGetAWinner() {
        proxy.follow(PrometheusFaultSchedule.flapping(SEED, 1, 2, 1, 3, Arrays.asList(PrometheusFault.values())));
        experimentWith(new Traffic(200, 0.02, 0.03), new Traffic(200, 0.02, 0.03));

        int ticksAtStart = proxy.ticks().size();
        await().atMost(60, TimeUnit.SECONDS).until(() -> proxy.ticks().size() >= ticksAtStart + 25
                || cluster.status(ROLLOUT).phase != Phase.Experimenting);   // an experiment that ended is checked at once

        assertThat(seen).as("no status ever names a winner of equal variants, nor a proportion Prometheus did not measure")
                .allSatisfy(s -> {
                    assertThat(s.phase).isNotEqualTo(Phase.Concluded);
                    if (s.abExperiment == null) return;
                    assertThat(s.abExperiment.winner).isNull();
                    assertThat(s.abExperiment.concludedAt).isNull();
                    assertThat(s.abExperiment.results).allSatisfy(r -> {
                        assertThat(r.isSignificant).isFalse();
                        assertThat(r.valueA).as("A's error rate").isBetween(0.015, 0.025);
                        assertThat(r.valueB).as("B's error rate").isBetween(0.015, 0.025);
                    });
                });
        assertThat(seen).as("answers are tested between the faults")
                .anyMatch(s -> s.abExperiment != null && !s.abExperiment.results.isEmpty());
        assertThat(proxy.injected()).containsKeys(PrometheusFault.NAN_IN_ONE_SERIES, PrometheusFault.INF_IN_ONE_SERIES);

        int counted = assertErrorsCountedAsInjected();
        assertThat(counted).as("errors were counted between the answers").isPositive();

        proxy.follow(PrometheusFaultSchedule.outage(SEED, PrometheusFault.errors()));
        RolloutStatus erroring = await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.status(ROLLOUT), s -> s.abExperiment.consecutiveErrors != null && s.abExperiment.consecutiveErrors >= 3);
        assertThat(erroring.phase).as("an experiment whose Prometheus errors waits, and says why").isEqualTo(Phase.Experimenting);
        assertThat(erroring.message).contains("Prometheus error: " + erroring.abExperiment.lastError);
        assertThat(erroring.abExperiment.winner).isNull();
        assertErrorsCountedAsInjected();
        PrometheusText metrics = new PrometheusText(HttpGet.get(controller.httpUrl() + "/metrics").body());
        assertThat(metrics.value("kulta_analysis_queries_total", Map.of("result", "bad_response"))).as("errors are counted").isPositive();
    }

    @Test
    void aBetterBIsStillFoundThroughAFlappingPrometheus() {
        proxy.follow(PrometheusFaultSchedule.flapping(SEED + 1, 1, 2, 1, 3, Arrays.asList(PrometheusFault.values())));
        experimentWith(new Traffic(200, 0.05, 0.03), new Traffic(200, 0.01, 0.03));

        RolloutStatus concluded = await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.status(ROLLOUT), s -> s.phase == Phase.Concluded);

        assertThat(concluded.abExperiment.winner).isEqualTo(Variant.B);
        assertThat(concluded.abExperiment.conclusionReason).isEqualTo(AbExperimentStatus.ConclusionReason.ConsensusReached);
        assertThat(concluded.abExperiment.results).singleElement().satisfies(r -> {
            assertThat(r.valueA).isBetween(0.03, 0.07);
            assertThat(r.valueB).isBetween(0.0, 0.02);
        });
        assertThat(seen).filteredOn(s -> s.abExperiment != null && s.abExperiment.winner != null)
                .as("the only winner ever named is B").allSatisfy(s -> assertThat(s.abExperiment.winner).isEqualTo(Variant.B));
    }

    /**
     * At every status the watch saw during the experiment: the message says "Prometheus error" exactly when
     * abExperiment.consecutiveErrors is at least 1 (and then names lastError); an answer resets it to 0; each newly
     * measured error adds exactly one (a count written late would jump); and no count exceeds the longest run of errors
     * the proxy injected. Returns the errors counted.
     */
    private int assertErrorsCountedAsInjected() {
        List<RolloutStatus> experimenting = seen.stream()
                .filter(s -> s.phase == Phase.Experimenting && s.abExperiment != null && s.abExperiment.startedAt != null).toList();
        int longestInjected = proxy.longestRun(PrometheusFault.Outcome.ERROR);
        int counted = 0;
        AbExperimentStatus prev = null;
        for (int i = 0; i < experimenting.size(); i++) {
            RolloutStatus s = experimenting.get(i);
            AbExperimentStatus x = s.abExperiment;
            int count = x.consecutiveErrors == null ? 0 : x.consecutiveErrors;
            String at = "status #" + i + " (" + count + " errors in a row, last " + x.lastErrorTime + ": " + s.message + ")";
            if (s.message.contains("Prometheus error")) {
                assertThat(count).as(at + ": an error not counted").isPositive();
                assertThat(s.message).as(at).contains("Prometheus error: " + x.lastError);
            } else {
                assertThat(count).as(at + ": an answer resets the count").isZero();
                assertThat(x.lastError).as(at).isNull();
            }
            assertThat(count).as(at + ": never more than the proxy injected in a row (" + longestInjected + ")").isLessThanOrEqualTo(longestInjected);
            int before = prev == null || prev.consecutiveErrors == null ? 0 : prev.consecutiveErrors;
            boolean newError = x.lastErrorTime != null && (prev == null || !x.lastErrorTime.equals(prev.lastErrorTime));
            if (newError) {
                assertThat(count).as(at + ": one tick's error adds one").isEqualTo(before + 1);
                counted++;
            } else if (count != 0) {
                assertThat(count).as(at + ": no new error, no new count").isEqualTo(before);
            }
            prev = x;
        }
        long injected = proxy.ticks().stream().filter(t -> t.fault() != null && t.fault().outcome == PrometheusFault.Outcome.ERROR).count();
        assertThat((long) counted).as("errors counted, of " + injected + " injected").isLessThanOrEqualTo(injected);
        LOG.info("A/B errors counted: {} of {} injected; longest run {}", counted, injected, longestInjected);
        return counted;
    }

    /** First deployment (A), then a new image (B); each variant serves the given traffic; the experiment runs. */
    private void experimentWith(Traffic trafficA, Traffic trafficB) {
        cluster.apply(Path.of("examples/ab-testing.yaml"));
        cluster.editRollout(ROLLOUT, r -> {
            r.getSpec().strategy.abTesting.analysis.prometheus.address = proxy.url();
            r.getSpec().strategy.abTesting.analysis.minDuration = null;
            return r;
        });
        a = await().atMost(30, TimeUnit.SECONDS).until(() -> cluster.status(ROLLOUT), s -> s != null && s.phase == Phase.Completed).stableRevision;
        app.serve(cluster.namespace(), ROLLOUT, a, trafficA);
        cluster.setImage(ROLLOUT, "ghcr.io/example/storefront:2.0.0");
        b = cluster.revisionWithImage(ROLLOUT, "ghcr.io/example/storefront:2.0.0");
        app.serve(cluster.namespace(), ROLLOUT, b, trafficB);
        await().atMost(30, TimeUnit.SECONDS).until(() -> cluster.status(ROLLOUT),
                s -> s.abExperiment != null && s.abExperiment.startedAt != null && b.equals(s.canaryRevision));
    }
}
