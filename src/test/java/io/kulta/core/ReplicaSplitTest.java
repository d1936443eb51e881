package io.kulta.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §3 Canary: canary = 0 if w=0, N if w=100, else ceil(N·w/100); stable = N − canary. */
class ReplicaSplitTest {

    @ParameterizedTest(name = "{0}: {1} replicas at {2}% → stable {3}, canary {4}")
    @CsvSource(delimiter = '|', textBlock = """
            KULTA's example: half of an odd count rounds towards the canary | 3   | 50  | 1  | 2
            KULTA's example: a fifth of five is one pod                      | 5   | 20  | 4  | 1
            KULTA's example: a third of ten rounds up to four                | 10  | 33  | 6  | 4
            weight 0 keeps every pod on stable                               | 5   | 0   | 5  | 0
            weight 100 moves every pod to the canary                         | 5   | 100 | 0  | 5
            no replicas means nothing on either side                         | 0   | 50  | 0  | 0
            no replicas at full weight is still nothing                      | 0   | 100 | 0  | 0
            one percent of one replica is a whole canary pod                 | 1   | 1   | 0  | 1
            a tiny weight still gets a canary pod                            | 10  | 1   | 9  | 1
            99% of five rounds up to all five                                | 5   | 99  | 0  | 5
            an exact split needs no rounding                                 | 4   | 25  | 3  | 1
            a large Rollout does not overflow                                | 100000 | 37 | 63000 | 37000
            """)
    void splitsReplicasByWeight(String why, int total, int weight, int stable, int canary) {
        assertThat(ReplicaSplit.stable(total, weight)).as("stable").isEqualTo(stable);
        assertThat(ReplicaSplit.canary(total, weight)).as("canary").isEqualTo(canary);
    }

    @ParameterizedTest(name = "{0}: {1} replicas at {2}% → stable {3}, canary {4}")
    @CsvSource(delimiter = '|', textBlock = """
            a weight above 100 is treated as 100 | 5  | 150 | 0 | 5
            a negative weight is treated as 0    | 5  | -10 | 5 | 0
            negative replicas give no pods       | -3 | 50  | 0 | 0
            """)
    void outOfRangeInputsAreClampedInsteadOfFailing(String why, int total, int weight, int stable, int canary) {
        assertThat(ReplicaSplit.stable(total, weight)).as("stable").isEqualTo(stable);
        assertThat(ReplicaSplit.canary(total, weight)).as("canary").isEqualTo(canary);
    }
}
