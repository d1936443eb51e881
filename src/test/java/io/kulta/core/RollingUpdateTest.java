package io.kulta.core;

import io.kulta.core.RollingUpdate.Bounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §3 Simple: maxSurge / maxUnavailable resolved and applied as a Kubernetes Deployment's rolling update does. */
class RollingUpdateTest {

    @org.junit.jupiter.api.Test
    void boundsAreIntOrStringAsADeploymentsAre() {
        assertThat(Bounds.of(new io.fabric8.kubernetes.api.model.IntOrString(2), new io.fabric8.kubernetes.api.model.IntOrString(1), 4))
                .isEqualTo(new Bounds(2, 1));
        assertThat(Bounds.of(new io.fabric8.kubernetes.api.model.IntOrString("50%"), null, 4)).isEqualTo(new Bounds(2, 0));
    }

    @ParameterizedTest(name = "{5}: {0} replicas, maxSurge {1}, maxUnavailable {2} → {3} / {4}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            10 | -    | -    | 3 | 0 | the defaults are 25% surge and none unavailable
            10 | 25%  | 0    | 3 | 0 | a quarter of 10 surges 2.5, rounded up to 3
            10 | 25%  | 25%  | 3 | 2 | a quarter of 10 unavailable is 2.5, rounded down to 2
            10 | 5%   | 0    | 1 | 0 | any percentage of surge gives at least one pod
            10 | 0    | 9%   | 1 | 0 | 9% of 10 unavailable rounds down to 0, so surge becomes 1
            4  | -    | -    | 1 | 0 | a quarter of 4 is exactly 1
            1  | 25%  | 0    | 1 | 0 | a quarter of one pod still surges one
            5  | 100% | 0    | 5 | 0 | 100% surge starts a whole second set
            5  | 2    | 3    | 2 | 3 | numbers are taken as they are
            3  | 0    | 1    | 0 | 1 | no surge: old pods go first
            3  | 0    | 0    | 1 | 0 | both zero: surge becomes 1
            3  | 0%   | 10%  | 1 | 0 | both rounding to zero: surge becomes 1
            0  | 25%  | 25%  | 1 | 0 | no replicas at all
            """)
    void boundsAreNumbersOrPercentagesOfTheReplicas(int replicas, String maxSurge, String maxUnavailable, int surge,
                                                    int unavailable, String why) {
        assertThat(Bounds.of(maxSurge, maxUnavailable, replicas)).isEqualTo(new Bounds(surge, unavailable));
    }

    @ParameterizedTest(name = "{7}")
    @CsvSource(delimiter = '|', textBlock = """
            10 | 25% | 0   | 0/0   | 10/10 | 3  | 10 | the first step surges maxSurge new pods
            10 | 25% | 0   | 3/0   | 10/10 | 3  | 10 | unready new pods hold every old one
            10 | 25% | 0   | 3/1   | 10/10 | 3  | 9  | each available new pod lets one old pod go
            10 | 25% | 0   | 3/3   | 10/10 | 3  | 7  | never past max surge: no growth before old pods go
            10 | 25% | 0   | 3/3   | 7/7   | 6  | 7  | once old pods went, the new ones grow again
            10 | 25% | 0   | 3/3   | 10/8  | 3  | 7  | unavailable old pods go first, then available ones
            10 | 25% | 0   | 6/6   | 7/10  | 6  | 4  | pods an old ReplicaSet is shedding do not count as available
            10 | 25% | 0   | 10/10 | 3/3   | 10 | 0  | the last old pods go once the new revision is complete
            10 | 25% | 25% | 0/0   | 10/10 | 3  | 8  | maxUnavailable lets old pods go before new ones are ready
            10 | 0   | 2   | 0/0   | 10/10 | 0  | 8  | without surge, old pods go first
            10 | 0   | 2   | 0/0   | 8/8   | 2  | 8  | then new pods take their place
            4  | 25% | 0   | 6/6   | 0/0   | 4  | 0  | a target above the replicas shrinks to them
            0  | 25% | 0   | 0/0   | 2/2   | 0  | 0  | zero replicas: everything goes
            """)
    void oneStepGrowsTheTargetAndShrinksTheOthersWithinTheBounds(int replicas, String maxSurge, String maxUnavailable,
                                                                String target, String old, int targetAfter, int oldAfter, String why) {
        Map<String, Integer> next = RollingUpdate.step("new", rs("new", target), List.of(rs("old", old)), replicas,
                Bounds.of(maxSurge, maxUnavailable, replicas));

        assertThat(next).containsEntry("new", targetAfter).containsEntry("old", oldAfter);
    }

    @Test
    void aTargetWithoutReplicaSetYetStartsFromNothing() {
        assertThat(RollingUpdate.step("new", null, List.of(rs("old", "4/4")), 4, new Bounds(1, 0)))
                .containsEntry("new", 1).containsEntry("old", 4);
    }

    @Test
    void othersGivePodsUpInTheOrderGiven() {
        Map<String, Integer> next = RollingUpdate.step("new", rs("new", "0/0"),
                List.of(rs("abandoned", "2/2"), rs("stable", "3/3")), 4, new Bounds(1, 0));

        assertThat(next).containsEntry("new", 0).containsEntry("abandoned", 1).containsEntry("stable", 3);
    }

    @ParameterizedTest(name = "{0} replicas, maxSurge {1}, maxUnavailable {2}")
    @CsvSource({"10, 25%, 0", "10, 25%, 25%", "4, 1, 0", "4, 0, 1", "7, 50%, 30%", "3, 0, 0", "1, 25%, 0", "6, 100%, 100%"})
    void podsBecomingReadyInAnyOrderNeverTakeTheUpdatePastItsBoundsAndItCompletes(int replicas, String maxSurge, String maxUnavailable) {
        Bounds bounds = Bounds.of(maxSurge, maxUnavailable, replicas);
        Random random = new Random(replicas * 31L + bounds.maxSurge() * 7L + bounds.maxUnavailable());
        ReplicaSetState target = rs("new", "0/0");
        ReplicaSetState old = rs("old", replicas + "/" + replicas);
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 500 && !(target.available() == replicas && old.desired() == 0); round++) {
            Map<String, Integer> next = RollingUpdate.step("new", target, List.of(old), replicas, bounds);
            assertThat(next.get("new") + old.desired()).as("growing first, after %s", seen).isLessThanOrEqualTo(replicas + bounds.maxSurge());
            target = withDesired(target, next.get("new"));
            old = withDesired(old, next.get("old"));
            assertThat(target.desired() + old.desired()).as("after %s", seen).isLessThanOrEqualTo(replicas + bounds.maxSurge());
            assertThat(target.available() + old.available()).as("after %s", seen)
                    .isGreaterThanOrEqualTo(replicas - bounds.maxUnavailable());
            target = withAvailable(target, Math.min(target.desired(), target.available() + random.nextInt(2)));
            seen.add(target.desired() + "/" + target.available() + " " + old.desired() + "/" + old.available());
        }
        assertThat(target.available()).as("completed after %s", seen).isEqualTo(replicas);
        assertThat(old.desired()).isZero();
    }

    /** A ReplicaSet from "desired/available". */
    private static ReplicaSetState rs(String revision, String counts) {
        String[] parts = counts.split("/");
        int desired = Integer.parseInt(parts[0].trim());
        int available = Integer.parseInt(parts[1].trim());
        return new ReplicaSetState(revision, revision, desired, desired, available, available);
    }

    /** Scaled: pods above the new count are gone at once, new ones are not available yet. */
    private static ReplicaSetState withDesired(ReplicaSetState rs, int desired) {
        return withAvailable(new ReplicaSetState(rs.name(), rs.revision(), desired, desired, rs.ready(), rs.available()),
                Math.min(desired, rs.available()));
    }

    private static ReplicaSetState withAvailable(ReplicaSetState rs, int available) {
        return new ReplicaSetState(rs.name(), rs.revision(), rs.desired(), rs.current(), available, available);
    }
}
