package io.kulta.scenario;

import io.kulta.core.Annotations;
import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;

import java.time.Duration;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/canary.yaml's kulta-demo, already deployed, rolled out to shop:2.0.0 one step at a time while a test does
 * something else: new image, 20 % (promoted), 50 % (30 s), 80 % (30 s), completed.
 */
final class CanaryAlongside {
    static final String ROLLOUT = "kulta-demo";
    static final String IMAGE = "ghcr.io/example/shop:2.0.0";
    private final KultaCluster cluster;
    private final MutableClock clock;
    private int step;

    CanaryAlongside(KultaCluster cluster, MutableClock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    /** Takes the next step of the rollout, each waiting for the state the one before led to; none once completed. */
    void nextStep() {
        switch (step++) {
            case 0 -> cluster.setImage(ROLLOUT, IMAGE);
            case 1 -> {
                awaitPausedAt(0, 20);
                cluster.annotate(ROLLOUT, Annotations.PROMOTE, "true");
            }
            case 2 -> {
                awaitPausedAt(1, 50);
                clock.advance(Duration.ofSeconds(31));
            }
            case 3 -> {
                awaitPausedAt(2, 80);
                clock.advance(Duration.ofSeconds(31));
            }
            default -> {
            }
        }
    }

    void finish() {
        while (step < 4) nextStep();
    }

    void assertCompleted() {
        String v2 = cluster.revisionWithImage(ROLLOUT, IMAGE);
        awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Completed);
            assertThat(s.stableRevision).isEqualTo(v2);
        });
    }

    private void awaitPausedAt(int index, int weight) {
        awaitStatus(cluster, ROLLOUT, s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentStepIndex).isEqualTo(index);
            assertThat(s.currentWeight).isEqualTo(weight);
        });
    }
}
