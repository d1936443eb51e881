package io.kulta.core.analysis;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Two-proportion Z-test of A/B testing (SPEC §3 "A/B testing"): pooled p = (xA+xB)/(nA+nB),
 * se = sqrt(p(1−p)(1/nA+1/nB)), z = (pB−pA)/se, two-sided p-value = 2(1−Φ(|z|)). Significant iff
 * 1 − p-value ≥ the confidence level and the relative effect |pB−pA|/pA reaches minEffectSize (if set);
 * se = 0 is never significant.
 */
public final class ZTest {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(0, 1);

    public enum Variant { A, B }

    /** @param winner the better variant when significant: the lower proportion if lower is better, else the higher */
    public record Result(double pA, double pB, double z, double pValue, double confidence, boolean significant, Variant winner) {
    }

    private ZTest() {
    }

    public static Result twoProportions(long successesA, long totalA, long successesB, long totalB,
                                        double confidenceLevel, Double minEffectSize, boolean lowerIsBetter) {
        if (totalA <= 0 || totalB <= 0) return new Result(Double.NaN, Double.NaN, 0, 1, 0, false, null);
        double pA = (double) successesA / totalA;
        double pB = (double) successesB / totalB;
        double pooled = (double) (successesA + successesB) / (totalA + totalB);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / totalA + 1.0 / totalB));
        if (se == 0 || Double.isNaN(se)) return new Result(pA, pB, 0, 1, 0, false, null);
        double z = (pB - pA) / se;
        double pValue = 2 * (1 - STANDARD_NORMAL.cumulativeProbability(Math.abs(z)));
        double confidence = 1 - pValue;
        boolean bigEnough = minEffectSize == null || relativeEffect(pA, pB) >= minEffectSize;
        boolean significant = confidence >= confidenceLevel && bigEnough;
        Variant winner = !significant ? null : (pB < pA) == lowerIsBetter ? Variant.B : Variant.A;
        return new Result(pA, pB, z, pValue, confidence, significant, winner);
    }

    /** |pB − pA| / pA; infinite when A is 0 and B is not. */
    static double relativeEffect(double pA, double pB) {
        if (pA == 0) return pB == 0 ? 0 : Double.POSITIVE_INFINITY;
        return Math.abs(pB - pA) / pA;
    }
}
