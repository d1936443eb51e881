package io.kulta.scenario;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kulta.playground.FaultPlan;
import io.kulta.playground.RequestLog;
import io.kulta.testing.FastClock;
import io.kulta.testing.real.CuttableProxy;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18: a fleet of Rollouts of every strategy goes through an update while the API misbehaves (its
 * {@link FaultPlan} faults only the controllers' requests, picked by their User-Agent kulta/&lt;pod&gt;). What is checked
 * is what the API server shows: each Rollout's final state, its (step, weight) history, its status writes per transition,
 * and the traffic invariant at every observation (the cluster's checker fails the test on close).
 * The seed is {@code -Dkulta.chaos.seed} (a fixed one by default) and is printed, with every injected fault, in the log.
 */
abstract class ChaosScenario {
    /** -Dkulta.chaos.seed=&lt;n&gt;, or "random" (the soak profile's) for a new one each run. */
    static final long SEED = seed(System.getProperty("kulta.chaos.seed", "20261202"));
    static final int ROLLOUTS = Integer.getInteger("kulta.chaos.rollouts", 20);
    /** Waits grow with the fleet: a soak's larger fleet shares the same two cores. */
    static final int SCALE = Math.max(1, (ROLLOUTS + 19) / 20);
    /** A controller's request waits at most this long for its answer; a slow reply comes later. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    final KultaCluster cluster = newCluster();
    /** Ten times real time: a 30 s pause or scale-down delay takes 3 s. */
    final FastClock clock = new FastClock(Instant.parse("2026-12-02T10:00:00Z"), 10);
    final RolloutHistory history = new RolloutHistory(cluster.client());
    final ChaosFleet fleet = new ChaosFleet(cluster, ROLLOUTS);
    final List<RunningController> controllers = new ArrayList<>();
    final Map<RunningController, CuttableProxy> networks = new HashMap<>();
    private int controllersStarted;

    private static long seed(String property) {
        return property.equals("random") ? new java.util.SplittableRandom().nextLong(1, Long.MAX_VALUE) : Long.parseLong(property);
    }

    /** The mock tier, whose dispatcher injects the faults and records the requests; a real-tier subclass says otherwise. */
    KultaCluster newCluster() {
        return new KultaCluster("chaos", false, 1);
    }

    /** From now on the controllers' requests get this plan's faults; null: none. */
    void injectFaults(FaultPlan plan) {
        cluster.api().injectFaults(plan);
    }

    /** Every request the API received so far (faulted ones too), in arrival order. */
    List<RequestLog.Entry> requests() {
        return cluster.api().requests().entries();
    }

    /** The plain-HTTP port the controllers' proxies forward to. */
    int apiPort() {
        return URI.create(cluster.api().url()).getPort();
    }

    @AfterEach
    void stop() throws Exception {
        injectFaults(null);
        for (RunningController c : controllers) c.close();
        networks.values().forEach(CuttableProxy::close);
        history.close();
        cluster.close();   // fails the test if the traffic invariant broke at any observation
    }

    /** A controller with its own client, through its own proxy (so that it can be cut off), waiting at most REQUEST_TIMEOUT. */
    RunningController startController(Map<String, String> props) throws Exception {
        CuttableProxy network = CuttableProxy.to(apiPort());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(cluster.controllerClient().getConfiguration())
                .withMasterUrl("http://127.0.0.1:" + network.port())
                .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis())
                .build()).build();
        RunningController controller = RunningController.start(client, cluster, clock, props);
        controllersStarted++;
        controllers.add(controller);
        networks.put(controller, network);
        return controller;
    }

    FaultPlan faults(double rate) {
        System.out.printf("chaos seed=%d rollouts=%d (rerun with -Dkulta.chaos.seed=%d)%n", SEED, ROLLOUTS, SEED);
        return FaultPlan.seeded(SEED, rate, "kulta/").slowReply(REQUEST_TIMEOUT.plusMillis(500));
    }

    void createFleetAndAwaitFirstDeployments(Duration within) {
        fleet.create();
        await().atMost(within.multipliedBy(SCALE)).pollInterval(Duration.ofMillis(250)).until(fleet::allFirstDeployed);
        fleet.assertFirstDeployed();
    }

    /** Updates every Rollout and waits until each is at its final state. */
    void updateFleetAndAwaitFinalStates(Duration within) {
        fleet.update();
        awaitFleetFinalStates(within);
    }

    void awaitFleetFinalStates(Duration unscaled) {
        Duration within = unscaled.multipliedBy(SCALE);
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> fleet.unfinished().isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not at their final state within " + within + " (seed " + SEED + "):\n  "
                    + String.join("\n  ", fleet.unfinished()), e);
        }
    }

    /**
     * Per Rollout: the canary never went back nor skipped a step, and no hot loop: each status write carried a
     * transition or retried a faulted write, with two to spare; the writes of only what was observed (replica counters,
     * wording) are bounded instead by their pacing: one per {@link #OBSERVATION_PACING} of the Rollout's life, and one
     * for each controller started (a new one has no pacing memory). On a loaded machine a step lasts longer and sees
     * more of those.
     * @param plan the faults injected, or null: none
     */
    void assertHistories(FaultPlan plan) {
        assertHistories(plan, 0);
    }

    /** As {@link #assertHistories(FaultPlan)}, with this many more status writes allowed per Rollout. */
    void assertHistories(FaultPlan plan, int extraWrites) {
        List<String> breaches = new ArrayList<>();
        for (ChaosFleet.Member m : fleet.members()) {
            if (m.strategy() == ChaosFleet.Strategy.CANARY)
                history.canaryBreaches(m.name(), fleet.second(m.name())).forEach(b -> breaches.add(m.name() + ": " + b));
            long writes = statusWrites(m.name());
            int transitions = history.transitions(m.name()).size();
            long faulted = plan == null ? 0 : faultedStatusWrites(plan, m.name());
            long observed = history.observationOnlyChanges(m.name());
            long paced = 1 + controllersStarted + (long) (history.secondsSeen(m.name()) / OBSERVATION_PACING.toSeconds());
            if (observed > paced)
                breaches.add(m.name() + ": " + observed + " status writes of only counters and wording in "
                        + history.secondsSeen(m.name()) + " s, more than one per " + OBSERVATION_PACING.toSeconds() + " s");
            if (writes - observed > transitions + faulted + 2 + extraWrites)
                breaches.add(m.name() + ": " + writes + " status writes (" + observed + " of only counters and wording) for "
                        + transitions + " transitions and " + faulted + " faulted writes: " + history.transitions(m.name()));
        }
        assertThat(breaches).as("seed %d", SEED).isEmpty();
        assertThat(cluster.traffic().armedRollouts()).as("the traffic invariant was enforced on every routed Rollout")
                .hasSize((int) fleet.members().stream().filter(m -> m.route() != null).count());
    }

    /** The controller's default kulta.statusObservationSeconds, which the chaos controllers keep. */
    static final Duration OBSERVATION_PACING = Duration.ofSeconds(5);

    private String statusPath(String rollout) {
        return "/apis/kulta.io/v1alpha1/namespaces/" + cluster.namespace() + "/rollouts/" + rollout + "/status";
    }

    long faultedStatusWrites(FaultPlan plan, String rollout) {
        return plan.log().stream().filter(line -> line.matches(".*: (PUT|PATCH) " + java.util.regex.Pattern.quote(statusPath(rollout)))).count();
    }

    /** The controllers' status writes of this Rollout, answered or faulted. */
    long statusWrites(String rollout) {
        String path = statusPath(rollout);
        return requests().stream()
                .filter(RequestLog.Entry::isWrite)
                .filter(e -> e.userAgent().startsWith("kulta/") && e.path().equals(path))
                .count();
    }

    void printSummary(FaultPlan plan) {
        System.out.printf("chaos seed=%d: %d of the controllers' %d requests faulted%n", SEED, plan.injected(), plan.requests());
        for (ChaosFleet.Member m : fleet.members())
            System.out.printf("  %s: %d status writes (%d faulted, %d of only counters and wording), %d transitions%n", m.name(),
                    statusWrites(m.name()), faultedStatusWrites(plan, m.name()), history.observationOnlyChanges(m.name()),
                    history.transitions(m.name()).size());
    }

    static void sleep(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
