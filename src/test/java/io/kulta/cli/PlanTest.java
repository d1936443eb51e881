package io.kulta.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan FILE}: each example's timeline as golden text; an invalid file shows its lint errors instead. */
class PlanTest {
    @ParameterizedTest
    @MethodSource("io.kulta.cli.LintTest#examples")
    void eachExamplesTimelineIsAsReviewed(Path example) {
        CliRun run = CliRun.offline("plan", example.toString());

        assertThat(run.code()).as(run.err()).isZero();
        Golden.assertMatches("plan-" + example.getFileName().toString().replace(".yaml", ".txt"), run.out());
    }

    @Test
    void theCanarySplitFollowsSpecSection3() {
        String plan = CliRun.offline("plan", "examples/canary.yaml").out();

        // 5 replicas with an HTTPRoute: 20% → 4/1, 50% → 3/3, 80% → 1/4
        assertThat(plan).containsPattern("(?m)^1 +20% +4/1 +until kulta.io/promote")
                .containsPattern("(?m)^2 +50% +3/3 +30s")
                .containsPattern("(?m)^3 +80% +1/4 +30s")
                .contains("minimum time to Completed: 1m10s");
    }

    @Test
    void anInvalidFileIsNotPlanned() {
        CliRun run = CliRun.offline("plan", Golden.DIR.resolve("bad/canary-steps.yaml").toString());

        assertThat(run.code()).isEqualTo(Cli.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("spec.strategy.canary.steps[0].setWeight").contains("fix them first");
    }
}
