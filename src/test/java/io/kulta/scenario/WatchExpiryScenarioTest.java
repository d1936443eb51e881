package io.kulta.scenario;

import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import io.kulta.playground.RequestLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A watch answered 410 Gone (its resourceVersion expired, as after an etcd compaction) makes the controller's
 * informer list again and watch from there: Rollouts keep being reconciled. Mock tier only: the real server gives no
 * handle to expire one client's watch on demand (RealServerSemanticsTest shows it answers an expired one with 410).
 */
class WatchExpiryScenarioTest {
    static final String ROLLOUTS = "/apis/kulta.io/v1alpha1/namespaces/gone/rollouts";

    KultaCluster cluster = new KultaCluster("gone", false);
    RunningController controller;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        cluster.close();
    }

    @Test
    void aRolloutWatchAnswered410GoneIsReListedAndReconcilesGoOn() throws Exception {
        cluster.api().failNext("GET", ROLLOUTS + "\\?.*watch=true.*", 410, 1);
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of());

        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.currentWeight).isEqualTo(20));

        var rolloutReads = cluster.api().requests().entries().stream()
                .filter(e -> e.method().equals("GET") && e.path().equals(ROLLOUTS)).toList();
        assertThat(rolloutReads).filteredOn(WatchExpiryScenarioTest::isWatch).as("the watch answered 410, and the one after it")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(rolloutReads).filteredOn(e -> !isWatch(e)).as("the first list and the list after the 410")
                .hasSizeGreaterThanOrEqualTo(2);
    }

    private static boolean isWatch(RequestLog.Entry e) {
        return e.query() != null && e.query().contains("watch=true");
    }
}
