package io.kulta.scenario;

import io.kulta.model.RolloutStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.apache.camel.builder.NotifyBuilder;
import org.assertj.core.api.ThrowingConsumer;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Waits named for what they wait on. */
public final class ScenarioWaits {
    private ScenarioWaits() {
    }

    /** Polls the Rollout's status until the check passes; on timeout, says what the last status was and why it failed. */
    public static RolloutStatus awaitStatus(KultaCluster cluster, String rollout, ThrowingConsumer<RolloutStatus> check) {
        AtomicReference<String> last = new AtomicReference<>("no status read");
        try {
            return await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                    .until(() -> cluster.status(rollout), s -> {
                        try {
                            check.accept(s);
                            return true;
                        } catch (AssertionError e) {
                            last.set(Serialization.asJson(s) + "\n  " + e.getMessage().strip());
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("status of " + rollout + " not as expected within 20 s; last read: " + last.get(), e);
        }
    }

    /** Waits until n more reconciles have completed (with kulta.resyncSeconds=1, every Rollout is reconciled each second). */
    static void awaitReconciles(RunningController controller, int n) {
        assertThat(new NotifyBuilder(controller.context()).fromRoute("reconcile-worker").whenCompleted(n).create()
                .matches(20, TimeUnit.SECONDS)).as("%d reconciles within 20 s", n).isTrue();
    }

    static void awaitReplicas(KultaCluster cluster, String rollout, Map<String, Integer> expected) {
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(cluster.replicas(rollout)).containsAllEntriesOf(expected));
    }
}
