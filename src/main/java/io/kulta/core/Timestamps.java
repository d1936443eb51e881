package io.kulta.core;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps as Kubernetes writes them (seconds precision, UTC). */
public final class Timestamps {
    private Timestamps() {
    }

    public static String format(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static Instant parse(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
