package io.kulta.core;

import java.time.Instant;

/**
 * The revision a Service selects (its {@code pod-template-hash} selector value; null while it selects none of
 * ours) and since when, as the controller recorded it on the Service (null: unknown, long ago).
 */
public record ServiceSelection(String revision, Instant since) {
    public static final ServiceSelection NONE = new ServiceSelection(null, null);

    /** Selecting this revision for at least {@code settle} at {@code now}: endpoints and gateways have caught up. */
    public boolean settledOn(String rev, Instant now, java.time.Duration settle) {
        return rev != null && rev.equals(revision) && (since == null || !now.isBefore(since.plus(settle)));
    }
}
