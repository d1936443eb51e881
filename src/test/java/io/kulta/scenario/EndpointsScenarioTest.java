package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kulta.model.Phase;
import io.kulta.testing.HttpGet;
import io.kulta.testing.HttpGet.Answer;
import io.kulta.testing.MutableClock;
import io.kulta.testing.PrometheusText;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** /healthz and /readyz as a kubelet sees them: live from the start, ready once every informer cache is synced. */
class EndpointsScenarioTest {
    static final String NS = "probes";
    static final String REPLICA_SETS = "/apis/apps/v1/namespaces/" + NS + "/replicasets";

    KultaCluster cluster = new KultaCluster(NS, false, 0);
    RunningController controller;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        cluster.close();
    }

    @Test
    void notReadyAndNotWritingWhileACacheCannotSyncThenReadyAndReconcilingOnceItDoes() throws Exception {
        cluster.apply(Path.of("examples/canary.yaml"));
        cluster.api().failNext("GET", REPLICA_SETS, 503, Integer.MAX_VALUE);   // Rollouts list, ReplicaSets do not
        cluster.api().requests().reset();

        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of());

        await().atMost(30, TimeUnit.SECONDS).until(() -> cluster.api().requests().count("GET", REPLICA_SETS) >= 2);
        Answer live = get("/healthz");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("ok\n");
        Answer notReady = get("/readyz");
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.body()).contains("informer-synced: DOWN").contains("not synced").contains("ReplicaSet")
                .doesNotContain("Rollout");
        assertThat(cluster.api().requests().entries()).filteredOn(e -> !e.method().equals("GET"))
                .as("writes planned from a cache without the ReplicaSets").isEmpty();

        cluster.api().clearFailures();

        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> assertThat(get("/readyz")).isEqualTo(new Answer(200, "ok\n")));
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        assertThat(get("/healthz").status()).isEqualTo(200);
    }

    @Test
    void withTheHttpServerTurnedOffNothingListensAndRolloutsStillProgress() throws Exception {
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")),
                Map.of("kulta.httpEnabled", "false"));
        cluster.apply(Path.of("examples/canary.yaml"));

        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        assertThatThrownBy(() -> get("/healthz")).hasCauseInstanceOf(java.net.ConnectException.class);
        assertThat(controller.context().getRoute("readyz")).isNull();
    }

    @Test
    void withLeaderElectionTheFollowerIsReadyTooAndOnlyTheLeaderSaysItLeads() throws Exception {
        RunningController first = elected("kulta-a");
        RunningController second = elected("kulta-b");
        try {
            String leader = await().atMost(30, TimeUnit.SECONDS).until(() -> {
                Lease lease = cluster.client().leases().withName("kulta-controller-leader").get();
                return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
            }, h -> h != null && !h.isEmpty());
            RunningController leading = leader.equals("kulta-a") ? first : second;
            RunningController following = leading == first ? second : first;

            for (RunningController c : List.of(leading, following))
                await().atMost(60, TimeUnit.SECONDS).untilAsserted(() ->
                        assertThat(HttpGet.get(c.httpUrl() + "/readyz")).isEqualTo(new Answer(200, "ok\n")));
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(leaderGauge(leading)).isEqualTo(1.0);
                assertThat(leaderGauge(following)).isZero();
            });
        } finally {
            first.close();
            second.close();
        }
    }

    private RunningController elected(String name) throws Exception {
        return RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of(
                "kulta.podName", name, "kulta.leaderElection", "true", "kulta.podNamespace", NS,
                "kulta.leaseDurationSeconds", "3", "kulta.leaseRenewSeconds", "2", "kulta.leaseRetrySeconds", "0.5"));
    }

    private static Double leaderGauge(RunningController c) {
        return new PrometheusText(HttpGet.get(c.httpUrl() + "/metrics").body()).value("kulta_leader");
    }

    private Answer get(String path) {
        return HttpGet.get(controller.httpUrl() + path);
    }
}
