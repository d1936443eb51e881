package io.kulta.core.analysis;

import io.kulta.model.AbTestingStrategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An A/B measurement whose counts are no counts is no measurement: never a result, never a winner (SPEC §4: NaN is inconclusive). */
class AbEvaluatorTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"successesB=NaN", "successesA=NaN", "totalB=+Inf", "successesB=+Inf", "totalA=-1"})
    void aCountThatIsNoCountKeepsTheExperimentWaiting(String garbage) {
        double[] c = {40, 2000, 40, 2000};   // 2% errors in both: nothing to find
        String which = garbage.substring(0, garbage.indexOf('='));
        double value = switch (garbage.substring(garbage.indexOf('=') + 1)) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            default -> -1;
        };
        c[switch (which) { case "successesA" -> 0; case "totalA" -> 1; case "successesB" -> 2; default -> 3; }] = value;
        Measurement m = Measurement.ofVariants("b", Instant.EPOCH, Map.of(AbEvaluator.ERROR_RATE, new VariantCounts(c[0], c[1], c[2], c[3])));

        AbEvaluator.Evaluation e = AbEvaluator.evaluate(new AbTestingStrategy.AbAnalysisConfig(), m);

        assertThat(e.enoughSamples()).isFalse();
        assertThat(e.results()).isEmpty();
        assertThat(e.consensus()).isNull();
        assertThat(e.summary()).contains("error-rate: Prometheus answered no count");
    }
}
