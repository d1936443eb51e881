package io.kulta.cli;

import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code status}: when a Rollout counts as ended, and with which exit code. */
class StatusExitCodeTest {
    @ParameterizedTest(name = "{0} seen at generation {1} of {2} → {3}")
    @CsvSource(nullValues = "running", value = {
            "Completed, 2, 2, 0",
            "Failed, 2, 2, 1",
            "Aborted, 2, 2, 1",
            "Paused, 2, 2, running",
            "Concluded, 2, 2, running",
            "Progressing, 2, 2, running",
            // the controller has not seen the latest template yet: the Completed is the previous revision's
            "Completed, 1, 2, running",
            "Failed, 1, 2, running",
    })
    void anEndedRolloutOfTheLatestSpecSetsTheExitCode(Phase phase, long observed, long generation, Integer expected) {
        Rollout r = new Rollout();
        r.getMetadata().setGeneration(generation);
        RolloutStatus s = new RolloutStatus();
        s.phase = phase;
        s.observedGeneration = observed;
        r.setStatus(s);

        assertThat(StatusCommand.exitCode(r)).isEqualTo(expected);
    }
}
