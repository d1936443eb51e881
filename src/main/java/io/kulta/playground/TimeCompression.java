package io.kulta.playground;

import io.kulta.core.DurationParser;
import io.kulta.model.AbTestingStrategy;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.BlueGreenStrategy;
import io.kulta.model.CanaryStep;
import io.kulta.model.CanaryStrategy;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStrategy;

import java.time.Duration;

/**
 * The playground's clock: a Rollout from examples/ with every duration compressed so a scenario takes seconds.
 * Logarithmic, so the order of durations is kept (a minDuration stays below its maxDuration): 30s → 2s, 1m → 4s,
 * 10m → 9s, 24h → 23s. {@code progressDeadlineSeconds} is a safety limit, not a wait, and stays as written.
 */
public final class TimeCompression {
    private static final long DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;

    private TimeCompression() {
    }

    /** {@code max(1, ceil(2·log2(1 + seconds/30)))}. */
    public static int seconds(long seconds) {
        double compressed = 2 * Math.log(1 + seconds / 30.0) / Math.log(2);
        return (int) Math.max(1, Math.ceil(compressed - 1e-9));
    }

    /** A duration as the Rollout spells it ("30s", "10m", "7d") → compressed, in seconds ("2s"); null stays null. */
    public static String duration(String text) {
        if (text == null) return null;
        Duration d = DurationParser.parseWithDays(text)
                .orElseThrow(() -> new IllegalArgumentException("not a Rollout duration: '" + text + "'"));
        return seconds(d.getSeconds()) + "s";
    }

    /** Compresses the Rollout in place and returns it. */
    public static Rollout compress(Rollout rollout) {
        RolloutStrategy s = rollout.getSpec().strategy;
        if (s.canary != null) canary(s.canary);
        if (s.blueGreen != null) blueGreen(s.blueGreen);
        if (s.abTesting != null) abTesting(s.abTesting);
        if (s.simple != null) analysis(s.simple.analysis);
        return rollout;
    }

    private static void canary(CanaryStrategy c) {
        if (c.steps != null) {
            for (CanaryStep step : c.steps) {
                if (step.pause != null) step.pause.duration = duration(step.pause.duration);
            }
        }
        c.scaleDownDelaySeconds = delay(c.scaleDownDelaySeconds);
        c.abortScaleDownDelaySeconds = delay(c.abortScaleDownDelaySeconds);
        analysis(c.analysis);
    }

    private static void blueGreen(BlueGreenStrategy b) {
        b.autoPromotionSeconds = seconds(b.autoPromotionSeconds);
        b.scaleDownDelaySeconds = delay(b.scaleDownDelaySeconds);
        analysis(b.analysis);
    }

    private static void abTesting(AbTestingStrategy a) {
        a.maxDuration = duration(a.maxDuration);
        a.scaleDownDelaySeconds = delay(a.scaleDownDelaySeconds);
        if (a.analysis != null) a.analysis.minDuration = duration(a.analysis.minDuration);
    }

    private static void analysis(AnalysisConfig a) {
        if (a == null) return;
        a.warmupDuration = duration(a.warmupDuration);
        if (a.metrics != null) a.metrics.forEach(m -> m.interval = duration(m.interval));
    }

    /** A scale-down delay; unset means SPEC's default of 30 s, compressed too. */
    private static Integer delay(Integer seconds) {
        return seconds(seconds == null ? DEFAULT_SCALE_DOWN_DELAY_SECONDS : seconds.longValue());
    }

    private static Integer seconds(Integer seconds) {
        return seconds == null ? null : seconds(seconds.longValue());
    }
}
