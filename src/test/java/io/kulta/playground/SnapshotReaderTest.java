package io.kulta.playground;

import io.kulta.model.Phase;
import io.kulta.model.RolloutStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotReaderTest {

    @Test
    void theNewRevisionsWeightIsTheStatusWeightUntilItCompletesAndBecomesStable() {
        assertThat(SnapshotReader.newRevisionWeight(status(Phase.Paused, 20))).isEqualTo(20);
        assertThat(SnapshotReader.newRevisionWeight(status(Phase.Progressing, 100))).as("completing").isEqualTo(100);
        assertThat(SnapshotReader.newRevisionWeight(status(Phase.Completed, 100))).as("it is the stable one now").isZero();
        assertThat(SnapshotReader.newRevisionWeight(status(null, null))).isZero();
    }

    private static RolloutStatus status(Phase phase, Integer weight) {
        RolloutStatus s = new RolloutStatus();
        s.phase = phase;
        s.currentWeight = weight;
        return s;
    }
}
