package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kulta.playground.FaultPlan;
import io.kulta.testing.real.CuttableProxy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, second bullet: two controller instances with leader election while the fleet updates; at 30 seeded moments
 * one of them (the Lease holder when there is one) is killed and a new instance started in its place.
 * <p>
 * "Killed" in one JVM: its proxy is closed first, which resets every open connection (requests in flight are lost
 * mid-way, as the socket of a killed process is) and refuses new ones; only then is its Camel context stopped. So
 * nothing it does after that moment reaches the API server: no last write, and no release of the Lease, which the
 * other instance can only take once it has expired. What it cannot imitate is a write the kernel had already sent.
 */
class ChaosKillScenarioTest extends ChaosScenario {
    static final int KILLS = Integer.getInteger("kulta.chaos.kills", 30);
    static final int KILLS_WITH_FAULTS = Integer.getInteger("kulta.chaos.killsWithFaults", 10);
    static final Duration KILL_WINDOW = Duration.ofSeconds(30L * SCALE);
    static final String LEASE = "kulta-controller-leader";

    final Map<String, RunningController> instances = new HashMap<>();
    int started;

    @Test
    void mixedRolloutsAllReachTheirFinalStateWhileTheLeaderIsKilledAtThirtyMomentsAndAnotherTakesOver() throws Exception {
        System.out.printf("chaos seed=%d rollouts=%d kills=%d (rerun with -Dkulta.chaos.seed=%d)%n", SEED, ROLLOUTS, KILLS, SEED);
        killLeadersDuringAnUpdate(KILLS);

        // a new leader may write each status once more (a refreshed message) before its next transition
        assertHistories(null, KILLS);
    }

    /** Kills and API faults at once: the Lease's own requests are faulted too, so leadership also changes hands without a kill. */
    @Test
    void mixedRolloutsAllReachTheirFinalStateWhileLeadersAreKilledAndOneRequestInFiveIsFaulted() throws Exception {
        FaultPlan plan = faults(0.2);
        injectFaults(plan);
        killLeadersDuringAnUpdate(KILLS_WITH_FAULTS);

        printSummary(plan);
        assertThat(plan.injected()).as("faults injected").isGreaterThan(50);
        assertHistories(plan, KILLS_WITH_FAULTS);
    }

    private void killLeadersDuringAnUpdate(int kills) throws Exception {
        startInstance();
        startInstance();
        createFleetAndAwaitFirstDeployments(Duration.ofSeconds(30));

        fleet.update();
        SplittableRandom random = new SplittableRandom(SEED);
        long[] offsets = random.longs(kills, 0, KILL_WINDOW.toMillis()).sorted().toArray();
        long start = System.nanoTime();
        List<String> killed = new ArrayList<>();
        for (long at : offsets) {
            sleep(Duration.ofMillis(Math.max(0, at - (System.nanoTime() - start) / 1_000_000)));
            String victim = victim(random);
            kill(victim);
            killed.add(victim + "@" + at + "ms");
            startInstance();
        }
        System.out.println("killed: " + killed);
        awaitFleetFinalStates(Duration.ofSeconds(60));
    }

    /** The Lease holder if it is one of ours, else either instance. */
    private String victim(SplittableRandom random) {
        Lease lease = cluster.client().leases().withName(LEASE).get();
        String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        if (holder != null && instances.containsKey(holder)) return holder;
        List<String> names = new ArrayList<>(instances.keySet());
        return names.get(random.nextInt(names.size()));
    }

    private void kill(String name) throws Exception {
        RunningController c = instances.remove(name);
        CuttableProxy network = networks.remove(c);
        network.close();
        controllers.remove(c);
        c.close();
    }

    private void startInstance() throws Exception {
        String name = "kulta-" + started++;
        instances.put(name, startController(Map.of(
                "kulta.podName", name,
                "kulta.leaderElection", "true",
                "kulta.podNamespace", cluster.namespace(),
                "kulta.leaseDurationSeconds", "2",
                "kulta.leaseRenewSeconds", "1.5",
                "kulta.leaseRetrySeconds", "0.25")));
    }
}
