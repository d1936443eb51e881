package io.kulta.core;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * KULTA's duration format: a positive integer and one unit, s (≤ 86400), m (≤ 1440) or h (≤ 168);
 * with days allowed, d (≤ 30). Anything else ("5x", "0s", "-1m", "1.5m", "") is invalid.
 */
public final class DurationParser {
    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,5})([smhd])");

    private DurationParser() {
    }

    public static Optional<Duration> parse(String text) {
        return parse(text, false);
    }

    public static Optional<Duration> parseWithDays(String text) {
        return parse(text, true);
    }

    private static Optional<Duration> parse(String text, boolean daysAllowed) {
        if (text == null) return Optional.empty();
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) return Optional.empty();
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> amount <= 86_400 ? Optional.of(Duration.ofSeconds(amount)) : Optional.empty();
            case "m" -> amount <= 1_440 ? Optional.of(Duration.ofMinutes(amount)) : Optional.empty();
            case "h" -> amount <= 168 ? Optional.of(Duration.ofHours(amount)) : Optional.empty();
            case "d" -> daysAllowed && amount <= 30 ? Optional.of(Duration.ofDays(amount)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** "90s" → "1m30s": how the controller writes durations in messages. */
    public static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        StringBuilder out = new StringBuilder();
        if (s >= 3600) out.append(s / 3600).append('h');
        if (s % 3600 >= 60) out.append(s % 3600 / 60).append('m');
        if (s % 60 > 0 || out.isEmpty()) out.append(s % 60).append('s');
        return out.toString();
    }
}
