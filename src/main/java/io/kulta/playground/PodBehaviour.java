package io.kulta.playground;

/**
 * How the pods of one revision answer: the share of requests that fail with a 500 and how long each request takes.
 *
 * @param errorShare     0..1
 * @param latencySeconds ≥ 0
 */
public record PodBehaviour(double errorShare, double latencySeconds) {
    public PodBehaviour {
        if (!(errorShare >= 0 && errorShare <= 1)) throw new IllegalArgumentException("errorShare must be in 0..1, got " + errorShare);
        if (!(latencySeconds >= 0)) throw new IllegalArgumentException("latencySeconds must be ≥ 0, got " + latencySeconds);
    }

    /** No errors, 30 ms. */
    public static PodBehaviour healthy() {
        return new PodBehaviour(0, 0.03);
    }
}
