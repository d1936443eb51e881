package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kulta.core.Annotations;
import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import io.kulta.testing.real.AuditLog;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leader election on a real API server: three instances, each as user kulta-controller with exactly deploy/rbac.yaml's
 * rights (its Lease Role bound in the test's namespace, which stands in for kulta-system), each through its own proxy;
 * Lease conflicts are the server's own. A canary goes through a graceful hand-over and a partition of the leader and
 * applies every step once. Writes per instance are read from the server's audit log (User-Agent {@code kulta/<pod>}).
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
        assertThat(writersSince(Instant.EPOCH)).as("instances that wrote").containsExactly(first);

        Instant stopping = Instant.now();
        long stopped = System.nanoTime();
        controllers.remove(first).close();
        String second = awaitLeader(first);
        long graceful = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "true");
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentWeight).isEqualTo(50));
        awaitEvents("Paused", 2);   // recorded after the status write: a partition before it would lose it (Events are best effort)

        long cut = System.nanoTime();
        Instant partitioned = Instant.now();
        networks.get(second).partition();
        String third = awaitLeader(second);
        long takeOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
        System.out.printf("real tier: graceful hand-over %s -> %s %d ms; take-over after partition %s -> %s %d ms%n",
                first, second, graceful, second, third, takeOver);
        assertThat(graceful).as("released, not expired").isLessThan(LEASE_DURATION.toMillis());
        assertThat(takeOver).isBetween(LEASE_DURATION.toMillis() - 1000, 2 * LEASE_DURATION.toMillis());

        clock.advance(Duration.ofSeconds(30));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentWeight).isEqualTo(80));
        Instant healed = Instant.now();
        networks.get(second).heal();
        clock.advance(Duration.ofSeconds(30));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        Thread.sleep(LEASE_DURATION.toMillis());   // time for the healed instance to send whatever it still would

        System.out.println("real tier: writes per instance: " + controllerWrites().stream()
                .collect(Collectors.groupingBy(AuditLog.Write::userAgent, TreeMap::new, Collectors.counting())));
        assertThat(controllerWrites()).extracting(AuditLog.Write::user).containsOnly(ControllerRbac.USER);
        assertThat(writes(first, stopping)).as("writes of the stopped leader after its stop began").isEmpty();
        assertThat(writersBetween(stopping, partitioned)).as("instances that wrote between the hand-over and the partition")
                .containsExactly(second);
        assertThat(writes(second, healed)).as("writes of the partitioned leader once its network was back").isEmpty();
        assertThat(writersBetween(partitioned, Instant.now())).as("instances that wrote after the partition").containsExactly(third);
        assertThat(lease().getSpec().getHolderIdentity()).as("the healed instance stays a follower").isEqualTo(third);
        assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(2);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            List<String> reasons = cluster.eventReasons(ROLLOUT);
            assertThat(reasons).containsSubsequence("Started", "Completed", "Started", "Paused", "Promoted", "Paused",
                    "StepAdvanced", "Paused", "StepAdvanced", "Completed");
            assertThat(reasons.stream().filter("StepAdvanced"::equals).count()).as("no step applied twice").isEqualTo(2);
        });
    }

    /** The controller instances' writes in the test's namespace, the Lease's excluded. */
    private List<AuditLog.Write> controllerWrites() {
        return api.writes().stream()
                .filter(w -> w.userAgent().startsWith("kulta/") && w.namespace().equals(cluster.namespace()))
                .filter(w -> !w.resource().equals("leases"))
                .toList();
    }

    private Set<String> writersSince(Instant since) {
        return writersBetween(since, Instant.MAX);
    }

    private Set<String> writersBetween(Instant from, Instant to) {
        return controllerWrites().stream().filter(w -> !w.received().isBefore(from) && w.received().isBefore(to))
                .map(w -> w.userAgent().substring("kulta/".length())).collect(Collectors.toCollection(TreeSet::new));
    }

    private List<String> writes(String instance, Instant since) {
        return controllerWrites().stream().filter(w -> w.userAgent().equals("kulta/" + instance) && !w.received().isBefore(since))
                .map(AuditLog.Write::describe).toList();
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
