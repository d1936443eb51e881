package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kulta.core.Annotations;
import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import io.kulta.testing.real.ControllerRbac;
import io.kulta.testing.real.CuttableProxy;
import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leader election on a real API server: three instances, each as user kulta-controller with exactly deploy/rbac.yaml's
 * rights (its Lease Role bound in the test's namespace, which stands in for kulta-system), each through its own proxy;
 * Lease conflicts are the server's own. A canary goes through a graceful hand-over and a partition of the leader and
 * applies every step once. (Writes per instance are counted on the mock tier, whose request log keeps User-Agents.)
 */
class LeaderElectionOnRealApiServerTest {
    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();
    static final String ROLLOUT = "kulta-demo";
    static final Duration LEASE_DURATION = Duration.ofSeconds(3);

    KultaCluster cluster;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    Map<String, RunningController> controllers = new LinkedHashMap<>();
    Map<String, CuttableProxy> networks = new HashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (RunningController c : controllers.values()) c.close();
        networks.values().forEach(CuttableProxy::close);
        if (cluster != null) cluster.close();
    }

    @Test
    void aCanaryAcrossAGracefulHandOverAndAPartitionedLeaderAppliesEveryStepOnce() throws Exception {
        cluster = KultaCluster.onRealApiServer(api, "ha");
        ControllerRbac.bindNamespacedRoles(api, ControllerRbac.USER, cluster.namespace());
        for (String name : List.of("kulta-0", "kulta-1", "kulta-2")) start(name);

        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentWeight).isEqualTo(20));
        String first = awaitLeader(null);

        long stopped = System.nanoTime();
        controllers.remove(first).close();
        String second = awaitLeader(first);
        long graceful = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "true");
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentWeight).isEqualTo(50));
        awaitEvents("Paused", 2);   // recorded after the status write: a partition before it would lose it (Events are best effort)

        long cut = System.nanoTime();
        networks.get(second).partition();
        String third = awaitLeader(second);
        long takeOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
        System.out.printf("real tier: graceful hand-over %s -> %s %d ms; take-over after partition %s -> %s %d ms%n",
                first, second, graceful, second, third, takeOver);
        assertThat(graceful).as("released, not expired").isLessThan(LEASE_DURATION.toMillis());
        assertThat(takeOver).isBetween(LEASE_DURATION.toMillis() - 1000, 2 * LEASE_DURATION.toMillis());

        clock.advance(Duration.ofSeconds(30));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentWeight).isEqualTo(80));
        networks.get(second).heal();
        clock.advance(Duration.ofSeconds(30));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        assertThat(lease().getSpec().getHolderIdentity()).as("the healed instance stays a follower").isEqualTo(third);
        assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(2);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            List<String> reasons = cluster.eventReasons(ROLLOUT);
            assertThat(reasons).containsSubsequence("Started", "Completed", "Started", "Paused", "Promoted", "Paused",
                    "StepAdvanced", "Paused", "StepAdvanced", "Completed");
            assertThat(reasons.stream().filter("StepAdvanced"::equals).count()).as("no step applied twice").isEqualTo(2);
        });
    }

    private void start(String name) throws Exception {
        CuttableProxy network = api.newProxy();
        networks.put(name, network);
        controllers.put(name, RunningController.start(api.newClient(ControllerRbac.USER, cluster.namespace(), network), cluster, clock, Map.of(
                "kulta.podName", name,
                "kulta.leaderElection", "true",
                "kulta.podNamespace", cluster.namespace(),
                "kulta.leaseDurationSeconds", String.valueOf(LEASE_DURATION.toSeconds()),
                "kulta.leaseRenewSeconds", "2",
                "kulta.leaseRetrySeconds", "0.5")));
    }

    private void awaitEvents(String reason, long count) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> cluster.eventReasons(ROLLOUT).stream().filter(reason::equals).count() >= count);
    }

    private String awaitLeader(String previous) {
        return await().atMost(2 * LEASE_DURATION.toMillis() + 2000, TimeUnit.MILLISECONDS).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    Lease l = lease();
                    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
                }, h -> h != null && !h.isEmpty() && !h.equals(previous));
    }

    private Lease lease() {
        return cluster.client().leases().withName("kulta-controller-leader").get();
    }
}
