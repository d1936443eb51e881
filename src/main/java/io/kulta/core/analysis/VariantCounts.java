package io.kulta.core.analysis;

/**
 * One A/B metric as Prometheus answered it for both variants: successes x and totals n of a proportion
 * (for the built-in error-rate, x = 5xx responses and n = all responses). Null where there was no data.
 */
public record VariantCounts(Double successesA, Double totalA, Double successesB, Double totalB) {

    public boolean complete() {
        return successesA != null && totalA != null && successesB != null && totalB != null;
    }

    /** Every value is a count: finite and not negative. NaN or an infinity is no measurement (SPEC §4: inconclusive). */
    public boolean counts() {
        return complete() && isCount(successesA) && isCount(totalA) && isCount(successesB) && isCount(totalB);
    }

    private static boolean isCount(double v) {
        return Double.isFinite(v) && v >= 0;
    }
}
