package io.kulta.core;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §1 Durations: a positive integer and s (≤ 86400), m (≤ 1440), h (≤ 168); maxDuration also d (≤ 30). */
class DurationParserTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({
            "30s, PT30S",
            "1s, PT1S",
            "86400s, PT24H",
            "5m, PT5M",
            "1440m, PT24H",
            "2h, PT2H",
            "168h, PT168H",
    })
    @DisplayName("valid durations parse to their length")
    void validDurationsParse(String text, Duration expected) {
        assertThat(DurationParser.parse(text)).contains(expected);
        assertThat(DurationParser.parseWithDays(text)).contains(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {
            "5x", "5µ", "0s", "0m", "-1m", "+1m", "1.5m", "", " ", "5", "m", "s5", "5 m", " 5m", "5m ", "5M", "5S",
            "05m", "1h30m", "86401s", "1441m", "169h", "7d", "999999999999s", "٥m", "5mm", "PT5M"})
    @DisplayName("anything else is invalid")
    void invalidDurationsAreRejected(String text) {
        assertThat(DurationParser.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "null is rejected")
    @NullSource
    void nullIsInvalid(String text) {
        assertThat(DurationParser.parse(text)).isEmpty();
        assertThat(DurationParser.parseWithDays(text)).isEmpty();
    }

    @ParameterizedTest(name = "with days allowed, \"{0}\" → {1}")
    @CsvSource({"1d, PT24H", "7d, PT168H", "30d, PT720H", "24h, PT24H"})
    @DisplayName("maxDuration also takes days, up to 30")
    void daysAreAcceptedWhereAllowed(String text, Duration expected) {
        assertThat(DurationParser.parseWithDays(text)).contains(expected);
    }

    @ParameterizedTest(name = "with days allowed, \"{0}\" is still rejected")
    @ValueSource(strings = {"31d", "0d", "1.5d", "d", "169h"})
    void daysBeyondTheLimitAreRejected(String text) {
        assertThat(DurationParser.parseWithDays(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} is written \"{1}\"")
    @CsvSource({"PT30S, 30s", "PT90S, 1m30s", "PT5M, 5m", "PT2H, 2h", "PT1H0M5S, 1h5s", "PT1H1M1S, 1h1m1s",
            "PT0S, 0s", "PT0.4S, 0s", "PT-5S, 0s"})
    @DisplayName("messages write durations compactly and never negative")
    void formatsDurationsForMessages(Duration d, String text) {
        assertThat(DurationParser.format(d)).isEqualTo(text);
    }
}
