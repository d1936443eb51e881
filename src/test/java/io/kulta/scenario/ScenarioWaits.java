package io.kulta.scenario;

import io.kulta.model.RolloutStatus;
import org.assertj.core.api.ThrowingConsumer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Waits named for what they wait on. */
final class ScenarioWaits {
    private ScenarioWaits() {
    }

    static RolloutStatus awaitStatus(KultaCluster cluster, String rollout, ThrowingConsumer<RolloutStatus> check) {
        return await().atMost(20, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.status(rollout), s -> {
                    try {
                        check.accept(s);
                        return true;
                    } catch (AssertionError e) {
                        return false;
                    }
                });
    }

    static void awaitReplicas(KultaCluster cluster, String rollout, Map<String, Integer> expected) {
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(cluster.replicas(rollout)).containsAllEntriesOf(expected));
    }
}
