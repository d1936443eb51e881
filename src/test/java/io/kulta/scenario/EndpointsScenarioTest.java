package io.kulta.scenario;

import io.kulta.model.Phase;
import io.kulta.testing.HttpGet;
import io.kulta.testing.HttpGet.Answer;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
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

    private Answer get(String path) {
        return HttpGet.get(controller.httpUrl() + path);
    }
}
