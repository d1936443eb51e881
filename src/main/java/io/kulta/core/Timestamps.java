package io.kulta.core;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps as Kubernetes writes them (seconds precision, UTC). */
public final class Timestamps {
    private Timestamps() {
    }

    public static String format(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * The instant, or null when the text is absent or not an RFC 3339 timestamp: a status edited by
     * hand must not make every reconcile of the Rollout fail (SPEC §3: no input may crash the controller).
     */
    public static Instant parse(String text) {
        if (text == null) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
