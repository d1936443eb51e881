package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.kulta.core.Labels;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static io.kulta.scenario.ScenarioWaits.awaitReplicas;
import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migrating from KULTA (SPEC §3): its {@code <rollout>-stable} ReplicaSet is adopted as the stable
 * revision by name and label, keeping KULTA's pod-template-hash, and the next template change rolls
 * forward from it.
 */
class KultaMigrationScenarioTest {
    static final String KULTA_HASH = "kultahash1";

    KultaCluster cluster = new KultaCluster("migrate", false);

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void kultasStableReplicaSetIsAdoptedAndTheNextImageRollsForwardFromIt() throws Exception {
        cluster.apply(Path.of("examples/canary.yaml"));
        cluster.create(kultaStableReplicaSet(cluster.rollout("kulta-demo")));
        cluster.kubelet(); // makes it ready

        try (RunningController controller = RunningController.start(cluster,
                new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of())) {
            var adopted = awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
            assertThat(adopted.stableRevision).isEqualTo(KULTA_HASH);
            assertThat(cluster.replicas("kulta-demo")).containsExactly(Map.entry(KULTA_HASH, 5));
            assertThat(cluster.selector("shop-stable")).containsEntry(Labels.POD_TEMPLATE_HASH, KULTA_HASH)
                    .doesNotContainKey(Labels.KULTA_TYPE);

            cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
            String v2 = awaitStatus(cluster, "kulta-demo", s -> {
                assertThat(s.phase).isEqualTo(Phase.Paused);
                assertThat(s.currentWeight).isEqualTo(20);
            }).canaryRevision;
            awaitReplicas(cluster, "kulta-demo", Map.of(KULTA_HASH, 4, v2, 1));
            assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-stable", 80).containsEntry("shop-canary", 20);
        }
    }

    /** What KULTA left behind: {@code <rollout>-stable}, KULTA's own hash, its type label, owned by the Rollout. */
    private static ReplicaSet kultaStableReplicaSet(Rollout rollout) {
        Map<String, String> labels = Map.of("app", "shop", Labels.POD_TEMPLATE_HASH, KULTA_HASH,
                Labels.KULTA_TYPE, "stable", Labels.MANAGED, "true");
        return new ReplicaSetBuilder()
                .withNewMetadata().withName("kulta-demo-stable").withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Rollout.API_VERSION).withKind("Rollout")
                        .withName("kulta-demo").withUid(rollout.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withNewSpec().withReplicas(5)
                .withNewSelector().withMatchLabels(Map.of("app", "shop", Labels.POD_TEMPLATE_HASH, KULTA_HASH)).endSelector()
                .withTemplate(new PodTemplateSpecBuilder(rollout.getSpec().template).editMetadata().withLabels(labels).endMetadata().build())
                .endSpec()
                .build();
    }
}
