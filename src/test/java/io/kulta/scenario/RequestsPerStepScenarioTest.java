package io.kulta.scenario;

import io.kulta.core.Annotations;
import io.kulta.model.Phase;
import io.kulta.playground.RequestLog;
import io.kulta.testing.HttpGet;
import io.kulta.testing.MutableClock;
import io.kulta.testing.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API requests of a canary step, at the API: every read comes from the informer caches (no GET in front of a
 * PATCH), a step writes each object once in make-before-break order and the status once per transition (replica
 * counters that change as pods come up are paced, not written once per pod), and a settled Rollout costs no write.
 */
class RequestsPerStepScenarioTest {
    static final String NS = "steps";
    KultaCluster cluster = new KultaCluster(NS, false);
    RunningController controller;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        cluster.close();
    }

    static final String EVENT = "POST events";

    @Test
    void aCanaryStepWritesEachObjectOnceAndTheStatusOncePerTransition() throws Exception {
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")),
                Map.of("kulta.resyncSeconds", "60"));
        cluster.apply(Path.of("examples/canary.yaml"));
        String v1 = awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed)).stableRevision;
        awaitQuiet();
        cluster.api().requests().reset();
        Map<String, Double> statusWrites = statusWrites();

        cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
        String v2 = awaitStatus(cluster, "kulta-demo", s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        }).canaryRevision;
        awaitQuiet();
        List<String> firstStep = controllerRequests();
        assertThat(withoutEvents(firstStep)).containsExactly(
                "POST replicasets",                    // the canary's ReplicaSet, 1 replica
                "PUT rollouts/kulta-demo/status",      // Started
                "PATCH services/shop-canary",          // the canary Service selects v2 before it gets weight
                "PATCH httproutes/shop-route",         // 20 %
                "PATCH replicasets/kulta-demo-" + v1,  // stable shrinks once traffic has left
                "PUT rollouts/kulta-demo/status",      // Paused
                "PUT rollouts/kulta-demo/status");     // the replica counters once stable has shrunk, paced
        assertThat(firstStep).as("Started, Paused").filteredOn(EVENT::equals).hasSize(2);
        assertThat(cluster.status("kulta-demo").readyReplicas).as("1 canary + 4 stable").isEqualTo(5);
        assertThat(statusWritesSince(statusWrites)).as("kulta_status_writes_total, by what was new and the phase")
                .containsExactlyInAnyOrderEntriesOf(ONE_STEP);
        statusWrites = statusWrites();

        cluster.annotate("kulta-demo", Annotations.PROMOTE, "true");
        awaitStatus(cluster, "kulta-demo", s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(50);
        });
        awaitQuiet();
        List<String> promotedStep = controllerRequests();
        assertThat(withoutEvents(promotedStep)).containsExactly(
                "PATCH rollouts/kulta-demo",           // the promote annotation, consumed
                "PUT rollouts/kulta-demo/status",      // StepAdvanced
                "PATCH replicasets/kulta-demo-" + v2,
                "PATCH httproutes/shop-route",         // 50 %
                "PATCH replicasets/kulta-demo-" + v1,
                "PUT rollouts/kulta-demo/status",      // Paused
                "PUT rollouts/kulta-demo/status");     // counters, paced: one write, not one per pod
        assertThat(promotedStep).as("StepAdvanced, Paused").filteredOn(EVENT::equals).hasSize(2);
        assertThat(cluster.status("kulta-demo").readyReplicas).as("3 canary + 3 stable").isEqualTo(6);
        assertThat(statusWritesSince(statusWrites)).as("kulta_status_writes_total, by what was new and the phase")
                .containsExactlyInAnyOrderEntriesOf(ONE_STEP);
    }

    /** Started or StepAdvanced, Paused, and the paced counters. */
    private static final Map<String, Double> ONE_STEP = Map.of("decision Progressing", 1.0, "decision Paused", 1.0,
            "observation Paused", 1.0);

    private Map<String, Double> statusWrites() {
        HttpGet.Answer answer = HttpGet.get(controller.httpUrl() + "/metrics");
        assertThat(answer.status()).isEqualTo(200);
        Map<String, Double> writes = new TreeMap<>();
        new PrometheusText(answer.body()).series().stream().filter(s -> s.name().equals("kulta_status_writes_total"))
                .forEach(s -> writes.merge(s.labels().get("change") + " " + s.labels().get("phase"), s.value(), Double::sum));
        return writes;
    }

    private Map<String, Double> statusWritesSince(Map<String, Double> before) {
        Map<String, Double> since = new TreeMap<>();
        statusWrites().forEach((kind, n) -> {
            double difference = n - before.getOrDefault(kind, 0.0);
            if (difference != 0) since.put(kind, difference);
        });
        return since;
    }

    @Test
    void aSettledRolloutCostsNoWriteOnResync() throws Exception {
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of());
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(cluster, "kulta-demo", s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.readyReplicas).isEqualTo(5);
        });
        awaitQuiet();
        cluster.api().requests().reset();

        ScenarioWaits.awaitReconciles(controller, 3);   // three resync periods (kulta.resyncSeconds=1)
        assertThat(controllerRequests()).isEmpty();
    }

    /** Until the controller has sent nothing for 6 s (longer than the status pacing of 5 s at rest). */
    private void awaitQuiet() {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
            long last = cluster.api().requests().entries().stream().filter(r -> r.userAgent().startsWith("kulta/"))
                    .filter(r -> !r.query().contains("watch=true")).mapToLong(RequestLog.Entry::nanos).max().orElse(0);
            return System.nanoTime() - last > TimeUnit.SECONDS.toNanos(6);
        });
    }

    /** Events go out through their own buffer (KubeEvents): their POSTs land in any order among the step's writes. */
    private static List<String> withoutEvents(List<String> requests) {
        return requests.stream().filter(r -> !r.equals(EVENT)).toList();
    }

    private List<String> controllerRequests() {
        List<String> out = requests();
        cluster.api().requests().reset();
        return out;
    }

    /** The controller's requests since the last reset, as "VERB resource[/name[/subresource]]", watches left out. */
    private List<String> requests() {
        return cluster.api().requests().entries().stream()
                .filter(r -> r.userAgent().startsWith("kulta/") && !r.query().contains("watch=true"))
                .map(RequestsPerStepScenarioTest::describe).toList();
    }

    private static String describe(RequestLog.Entry r) {
        String path = r.path();
        String prefix = "/namespaces/" + NS + "/";
        int at = path.indexOf(prefix);
        return r.method() + " " + (at < 0 ? path : path.substring(at + prefix.length()));
    }
}
