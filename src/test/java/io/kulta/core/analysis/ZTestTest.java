package io.kulta.core.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Expected values computed independently: Φ(x) = erfc(−x/√2)/2 with the C library's erfc. */
class ZTestTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "B's 3% errors beat A's 5% at 95%,      50, 1000,  30, 1000, -2.282177, 0.022478873366125196, true,  B",
            "a tiny difference is not significant,   12,  200,  11,  180,  0.045353, 0.9638262348670641,   false, ",
            "B going from 0 to 9 errors is worse,     0,  500,   9,  500,  3.013592, 0.0025817490815793764, true, A",
            "with large samples 12% vs 13.2% is worse,  1200, 10000, 1320, 10000, 2.556968, 0.010558899038851655, true, A",
    })
    void lowerIsBetter(String name, long xA, long nA, long xB, long nB, double z, double pValue, boolean significant, ZTest.Variant winner) {
        ZTest.Result r = ZTest.twoProportions(xA, nA, xB, nB, 0.95, null, true);

        assertThat(r.z()).isCloseTo(z, within(1e-6));
        assertThat(r.pValue()).isCloseTo(pValue, within(1e-9));
        assertThat(r.confidence()).isCloseTo(1 - pValue, within(1e-9));
        assertThat(r.significant()).isEqualTo(significant);
        assertThat(r.winner()).isEqualTo(winner);
    }

    @Test
    void whenHigherIsBetterTheHigherProportionWins() {
        assertThat(ZTest.twoProportions(1200, 10000, 1320, 10000, 0.95, null, false).winner()).isEqualTo(ZTest.Variant.B);
    }

    @Test
    void aConfidenceLevelAboveTheAchievedConfidenceIsNotSignificant() {
        assertThat(ZTest.twoProportions(50, 1000, 30, 1000, 0.99, null, true).significant()).isFalse();
    }

    @Test
    void aSignificantDifferenceBelowTheMinimumEffectSizeIsNoWin() {
        // 12% → 13.2% is a 10% relative effect: enough for 0.1, not for 0.2
        assertThat(ZTest.twoProportions(1200, 10000, 1320, 10000, 0.95, 0.1, false).significant()).isTrue();
        assertThat(ZTest.twoProportions(1200, 10000, 1320, 10000, 0.95, 0.2, false).significant()).isFalse();
    }

    @Test
    void zeroCountsOnBothSidesAndEmptySamplesAreNeverSignificant() {
        assertThat(ZTest.twoProportions(0, 100, 0, 100, 0.95, null, true).significant()).isFalse();
        assertThat(ZTest.twoProportions(100, 100, 100, 100, 0.95, null, true).significant()).as("all failures: se = 0").isFalse();
        assertThat(ZTest.twoProportions(0, 0, 5, 10, 0.95, null, true).significant()).isFalse();
    }

    @Test
    void theRelativeEffectFromZeroIsInfinite() {
        assertThat(ZTest.relativeEffect(0, 0.01)).isInfinite();
        assertThat(ZTest.relativeEffect(0.05, 0.03)).isCloseTo(0.4, within(1e-12));
    }
}
