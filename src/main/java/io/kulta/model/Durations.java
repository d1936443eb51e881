package io.kulta.model;

/** Schema patterns for durations; parsing and limits live in core. */
public final class Durations {
    /** A positive integer and a unit: s, m or h. */
    public static final String PATTERN = "^[1-9][0-9]*[smh]$";
    /** As {@link #PATTERN}, also accepting days (maxDuration). */
    public static final String PATTERN_WITH_DAYS = "^[1-9][0-9]*[smhd]$";

    private Durations() {
    }
}
