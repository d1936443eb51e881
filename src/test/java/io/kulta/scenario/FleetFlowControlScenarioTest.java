package io.kulta.scenario;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kulta.core.Conditions;
import io.kulta.core.FleetQueue;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * KULTA_MAX_CONCURRENT_ROLLOUTS (SPEC §6): five Rollouts change at once with a limit of two. Two start, three wait with
 * reason Queued and nothing written for them but their status; each slot given back starts the longest waiting one; a
 * restarted controller keeps the holders and the order. Checked on every Rollout change the API sends.
 */
class FleetFlowControlScenarioTest {
    static final int LIMIT = 2;
    static final List<String> APPS = IntStream.rangeClosed(1, 5).mapToObj(i -> "app-" + i).toList();
    static final String V2 = "ghcr.io/example/catalog:2.0.0";

    final KultaCluster cluster = new KultaCluster("shop", false);
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    final Map<String, RolloutStatus> seen = new ConcurrentHashMap<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final List<String> starts = new CopyOnWriteArrayList<>();
    RunningController controller;
    Watch watch;

    @AfterEach
    void stop() throws Exception {
        if (watch != null) watch.close();
        if (controller != null) controller.close();
        cluster.close();
    }

    @Test
    void atMostTheLimitProgressAndTheRestStartInTurn(@TempDir Path dir) throws Exception {
        controller = start();
        for (String app : APPS) cluster.apply(simpleRollout(dir, app));
        for (String app : APPS) awaitStatus(cluster, app, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        watchEveryChange();

        Map<String, String> v2 = new ConcurrentHashMap<>();
        for (String app : APPS) {
            v2.put(app, cluster.revisionWithImage(app, V2));
            cluster.kubelet().hold(v2.get(app));
            cluster.setImage(app, V2);
        }
        List<String> first = awaitHolders(LIMIT);
        List<String> queued = APPS.stream().filter(a -> !first.contains(a)).toList();
        for (String app : queued) {
            RolloutStatus s = awaitStatus(cluster, app, st -> assertThat(reason(st)).isEqualTo("Queued"));
            assertThat(s.phase).isEqualTo(Phase.Progressing);
            assertThat(s.message).contains("at most 2 Rollouts progress at once");
            assertThat(cluster.replicaSets(app)).as(app + ": nothing written for a queued Rollout")
                    .allSatisfy(rs -> assertThat(rs.getMetadata().getLabels()).doesNotContainEntry("pod-template-hash", v2.get(app)));
        }

        // a restarted controller (its first list reconciles all five) resumes the same holders and keeps the others waiting
        controller.close();
        controller = start();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> holders().equals(first));
        for (String app : queued) assertThat(reason(cluster.status(app))).isEqualTo("Queued");

        // each slot given back goes to the longest waiting (all queued at the same instant here: by name)
        for (String holder : first) {
            cluster.kubelet().release(v2.get(holder));
            awaitStatus(cluster, holder, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        }
        for (String app : queued) cluster.kubelet().release(v2.get(app));
        for (String app : APPS) awaitStatus(cluster, app, s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.stableRevision).isEqualTo(v2.get(app));
            assertThat(s.queuedAt).isNull();
        });

        assertThat(violations).as("more than " + LIMIT + " Rollouts progressing at once").isEmpty();
        assertThat(starts.subList(0, LIMIT)).containsExactlyInAnyOrderElementsOf(first);
        assertThat(starts.subList(LIMIT, APPS.size())).as("the queued ones start in order").containsExactlyElementsOf(queued);
    }

    /** No resync within the test: a waiting Rollout starts because a slot was given back, not because it was looked at again. */
    private RunningController start() throws Exception {
        return RunningController.start(cluster, clock, Map.of("kulta.maxConcurrentRollouts", String.valueOf(LIMIT),
                "kulta.resyncSeconds", "300"));
    }

    /** Every change of any Rollout: the number progressing is within the limit, and who started when. */
    private void watchEveryChange() {
        cluster.client().resources(Rollout.class).list().getItems().forEach(r -> seen.put(r.getMetadata().getName(), r.getStatus()));
        watch = cluster.client().resources(Rollout.class).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Rollout r) {
                String name = r.getMetadata().getName();
                RolloutStatus before = seen.put(name, r.getStatus());
                if (FleetQueue.holdsSlot(r.getStatus()) && !FleetQueue.holdsSlot(before)) starts.add(name);
                long progressing = seen.values().stream().filter(FleetQueue::holdsSlot).count();
                if (progressing > LIMIT) violations.add(progressing + " at resourceVersion " + r.getMetadata().getResourceVersion());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    private List<String> awaitHolders(int n) {
        return await().atMost(Duration.ofSeconds(20))
                .until(this::holders, h -> h.size() == n);
    }

    private List<String> holders() {
        return APPS.stream().filter(a -> FleetQueue.holdsSlot(cluster.status(a))).toList();
    }

    private static String reason(RolloutStatus s) {
        return Conditions.find(s.conditions, Conditions.PROGRESSING).map(c -> c.getReason()).orElse(null);
    }

    private static Path simpleRollout(Path dir, String name) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, Files.readString(Path.of("examples/simple.yaml")).replace("catalog", name)
                .replace("ghcr.io/example/" + name + ":1.0.0", "ghcr.io/example/catalog:1.0.0"));
        return file;
    }
}
