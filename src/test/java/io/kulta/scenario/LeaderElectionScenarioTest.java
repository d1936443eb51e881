package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kulta.core.Annotations;
import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import io.kulta.playground.RequestLog;
import io.kulta.testing.real.CuttableProxy;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: three controller instances (separate Camel contexts, each with its own client through its own proxy, the
 * real wiring) against one API server with leader election on (Lease 3 s, renew deadline 2 s, retry 0.5 s). Writes
 * are told apart by the User-Agent each instance sends (kulta/&lt;pod&gt;), as the API server's request log records it.
 */
class LeaderElectionScenarioTest {
    static final String ROLLOUT = "kulta-demo";
    static final String LEASE = "kulta-controller-leader";
    static final Duration LEASE_DURATION = Duration.ofSeconds(3);

    KultaCluster cluster = new KultaCluster("ha", false);
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    Map<String, RunningController> controllers = new LinkedHashMap<>();
    Map<String, CuttableProxy> networks = new HashMap<>();
    Map<String, String> extra = new HashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (RunningController c : controllers.values()) c.close();
        networks.values().forEach(CuttableProxy::close);
        cluster.close();
    }

    @Test
    void exactlyOneOfThreeWritesAndAGracefulStopHandsOverWithinAboutARetryPeriod() throws Exception {
        startInstances("kulta-0", "kulta-1", "kulta-2");
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        await().atMost(10, TimeUnit.SECONDS).until(() -> cluster.eventReasons(ROLLOUT).contains("Completed"));   // Events come from a buffer
        assertThat(writers()).as("instances that wrote").hasSize(1);
        String first = awaitLeader(null);
        assertThat(writers()).containsExactly(first);

        long stopped = System.nanoTime();
        controllers.remove(first).close();
        String second = awaitLeader(first);
        long handOverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
        System.out.printf("graceful hand-over %s -> %s: %d ms%n", first, second, handOverMillis);
        assertThat(handOverMillis).as("the Lease was released, not left to expire").isLessThan(LEASE_DURATION.toMillis());

        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        });
        assertThat(writersSince(stopped)).as("instances that wrote after the hand-over").containsExactly(second);
        System.out.println("writes per instance: " + controllerWrites().stream()
                .collect(Collectors.groupingBy(RequestLog.Entry::userAgent, java.util.TreeMap::new, Collectors.counting())));
        assertThat(writesBy(first, stopped)).as("writes of the stopped leader after its stop began").isZero();
    }

    @Test
    void aPartitionedLeaderStopsWritingBeforeTheNextStartsAndACanaryAcrossTwoHandOversAppliesEveryStepOnce() throws Exception {
        startInstances("kulta-0", "kulta-1", "kulta-2");
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        cluster.setImage(ROLLOUT, "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentWeight).isEqualTo(20));
        awaitEvents("Paused", 1);   // recorded after the status write: a partition before it would lose it (Events are best effort)
        String first = awaitLeader(null);

        // a partition: its Lease is not renewed; another instance takes over once it has expired
        long cut = System.nanoTime();
        networks.get(first).partition();
        String second = awaitLeader(first);
        long takeOverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
        System.out.printf("take-over after a partition of %s -> %s: %d ms%n", first, second, takeOverMillis);
        assertThat(takeOverMillis).as("after the lease expired, within 2 lease periods")
                .isBetween(LEASE_DURATION.toMillis() - 1000, 2 * LEASE_DURATION.toMillis());

        cluster.annotate(ROLLOUT, Annotations.PROMOTE, "true");
        awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.currentStepIndex).isEqualTo(1);
            assertThat(s.currentWeight).isEqualTo(50);
        });
        networks.get(first).heal();   // what it sent meanwhile is lost; it comes back as a follower
        Thread.sleep(2 * LEASE_DURATION.toMillis());
        assertThat(leaseHolder()).as("the healed instance does not take the Lease back").isEqualTo(second);
        controllers.remove(first).close();   // so that the next leader is the third instance, and the windows below stay apart

        // a graceful stop of the second leader, then the rest of the steps
        long stopped = System.nanoTime();
        controllers.remove(second).close();
        String third = awaitLeader(second);
        clock.advance(Duration.ofSeconds(30));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.currentWeight).isEqualTo(80));
        clock.advance(Duration.ofSeconds(30));
        awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));

        assertThat(writesBy(first, cut + TimeUnit.MILLISECONDS.toNanos(LEASE_DURATION.toMillis())))
                .as("writes of the partitioned leader after its Lease could have been taken").isZero();
        assertNoOverlap(first, second);
        System.out.println("writes per instance: " + controllerWrites().stream()
                .collect(Collectors.groupingBy(RequestLog.Entry::userAgent, java.util.TreeMap::new, Collectors.counting())));
        assertThat(writesBy(second, stopped)).isZero();
        assertThat(writersSince(stopped)).containsExactly(third);
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            List<String> reasons = cluster.eventReasons(ROLLOUT);
            assertThat(reasons).containsSubsequence("Started", "Completed", "Started", "Paused", "Promoted", "Paused",
                    "StepAdvanced", "Paused", "StepAdvanced", "Completed");
            assertThat(reasons.stream().filter("StepAdvanced"::equals).count()).as("no step applied twice").isEqualTo(2);
            assertThat(reasons.stream().filter("Promoted"::equals).count()).isEqualTo(1);
        });
    }

    @Test
    void yourOwnRoutesWithLeaderPolicyOrAMasterConsumerRunOnTheLeaderOnly() throws Exception {
        Path routes = java.nio.file.Files.createTempDirectory("kulta-routes");
        java.nio.file.Files.copy(Path.of("routes/rollout-events.yaml"), routes.resolve("rollout-events.yaml"));
        java.nio.file.Files.copy(Path.of("routes/leader-only.yaml.example"), routes.resolve("leader-only.yaml"));
        extra.put("kulta.routesDir", routes.toString());
        startInstances("kulta-0", "kulta-1");
        String leader = awaitLeader(null);
        String follower = leader.equals("kulta-0") ? "kulta-1" : "kulta-0";

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(routeStatus(leader, "rollouts-summary")).isEqualTo(ServiceStatus.Started);
            assertThat(masterConsumerStarted(leader)).isTrue();
        });
        assertThat(routeStatus(follower, "rollouts-summary")).isEqualTo(ServiceStatus.Stopped);
        assertThat(masterConsumerStarted(follower)).isFalse();

        controllers.remove(leader).close();
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(routeStatus(follower, "rollouts-summary")).isEqualTo(ServiceStatus.Started);
            assertThat(masterConsumerStarted(follower)).as("the master consumer follows the Lease").isTrue();
        });
    }

    private ServiceStatus routeStatus(String instance, String routeId) {
        return controllers.get(instance).context().getRouteController().getRouteStatus(routeId);
    }

    /** The delegate consumer of the master: endpoint runs (MasterConsumer starts it on the leader only). */
    private boolean masterConsumerStarted(String instance) {
        var route = controllers.get(instance).context().getRoute("rollouts-summary-master");
        var consumer = (org.apache.camel.component.master.MasterConsumer) route.getConsumer();
        return consumer.isMaster();
    }

    private void startInstances(String... names) throws Exception {
        for (String name : names) {
            CuttableProxy network = CuttableProxy.to(URI.create(cluster.api().url()).getPort());
            networks.put(name, network);
            KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(cluster.controllerClient().getConfiguration())
                    .withMasterUrl("http://127.0.0.1:" + network.port()).build()).build();
            Map<String, String> props = new HashMap<>(extra);
            props.putAll(Map.of(
                    "kulta.podName", name,
                    "kulta.leaderElection", "true",
                    "kulta.podNamespace", cluster.namespace(),
                    "kulta.leaseDurationSeconds", String.valueOf(LEASE_DURATION.toSeconds()),
                    "kulta.leaseRenewSeconds", "2",
                    "kulta.leaseRetrySeconds", "0.5"));
            controllers.put(name, RunningController.start(client, cluster, clock, props));
        }
    }

    private void awaitEvents(String reason, long count) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> cluster.eventReasons(ROLLOUT).stream().filter(reason::equals).count() >= count);
    }

    private String awaitLeader(String previous) {
        return await().atMost(2 * LEASE_DURATION.toMillis() + 2000, TimeUnit.MILLISECONDS).pollInterval(Duration.ofMillis(20))
                .until(this::leaseHolder, h -> h != null && !h.isEmpty() && !h.equals(previous));
    }

    private String leaseHolder() {
        Lease lease = cluster.client().leases().withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** The controller's writes (the Lease's excluded), in arrival order. */
    private List<RequestLog.Entry> controllerWrites() {
        return cluster.api().requests().entries().stream()
                .filter(RequestLog.Entry::isWrite)
                .filter(e -> e.userAgent().startsWith("kulta/"))
                .filter(e -> !e.path().contains("/leases"))
                .toList();
    }

    private Set<String> writers() {
        return writersSince(0);
    }

    private Set<String> writersSince(long nanos) {
        return controllerWrites().stream().filter(e -> e.nanos() >= nanos)
                .map(e -> e.userAgent().substring("kulta/".length())).collect(Collectors.toCollection(TreeSet::new));
    }

    private long writesBy(String instance, long sinceNanos) {
        return controllerWrites().stream().filter(e -> e.nanos() >= sinceNanos && e.userAgent().equals("kulta/" + instance)).count();
    }

    /** Every write of {@code before} arrived before the first of {@code after}. */
    private void assertNoOverlap(String before, String after) {
        List<RequestLog.Entry> writes = controllerWrites();
        long firstOfAfter = writes.stream().filter(e -> e.userAgent().equals("kulta/" + after)).mapToLong(RequestLog.Entry::nanos).min().orElseThrow();
        List<String> late = new ArrayList<>();
        writes.stream().filter(e -> e.userAgent().equals("kulta/" + before) && e.nanos() > firstOfAfter)
                .forEach(e -> late.add(e.method() + " " + e.path()));
        assertThat(late).as("writes of %s after %s began writing", before, after).isEmpty();
    }
}
