package io.kulta.playground;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.Rollout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeCompressionTest {

    @ParameterizedTest(name = "{0} becomes {1}")
    @CsvSource({"1s, 1s", "5s, 1s", "30s, 2s", "1m, 4s", "2m, 5s", "10m, 9s", "1h, 14s", "24h, 23s", "7d, 29s"})
    void durationsShrinkToSecondsAndKeepTheirOrder(String written, String compressed) {
        assertThat(TimeCompression.duration(written)).isEqualTo(compressed);
    }

    @Test
    void aLongerDurationNeverBecomesShorterThanAShorterOne() {
        for (long s = 1; s < 200_000; s += 7) {
            assertThat(TimeCompression.seconds(s + 7)).as("%d s", s).isGreaterThanOrEqualTo(TimeCompression.seconds(s));
        }
    }

    @Test
    void everyWaitOfACanaryIsCompressedAndNothingElseChanges() {
        Rollout r = Serialization.unmarshal("""
                apiVersion: kulta.io/v1alpha1
                kind: Rollout
                metadata: {name: shop}
                spec:
                  replicas: 5
                  progressDeadlineSeconds: 600
                  strategy:
                    canary:
                      stableService: s
                      canaryService: c
                      steps:
                      - {setWeight: 20, pause: {}}
                      - {setWeight: 50, pause: {duration: 30s}}
                      analysis:
                        warmupDuration: 1m
                        metrics: [{name: error-rate, threshold: 5, interval: 10m}]
                """, Rollout.class);

        TimeCompression.compress(r);

        var c = r.getSpec().strategy.canary;
        assertThat(c.steps.get(0).pause.duration).as("indefinite stays indefinite").isNull();
        assertThat(c.steps.get(1).pause.duration).isEqualTo("2s");
        assertThat(c.steps.get(1).setWeight).isEqualTo(50);
        assertThat(c.analysis.warmupDuration).isEqualTo("4s");
        assertThat(c.analysis.metrics.get(0).interval).isEqualTo("9s");
        assertThat(c.analysis.metrics.get(0).threshold).isEqualTo(5.0);
        assertThat(c.scaleDownDelaySeconds).as("unset: SPEC's 30 s, compressed").isEqualTo(2);
        assertThat(c.abortScaleDownDelaySeconds).isEqualTo(2);
        assertThat(r.getSpec().progressDeadlineSeconds).as("a limit, not a wait").isEqualTo(600);
    }

    @Test
    void anAbTestKeepsItsMinimumBelowItsMaximum() {
        Rollout r = Serialization.unmarshal("""
                apiVersion: kulta.io/v1alpha1
                kind: Rollout
                metadata: {name: storefront}
                spec:
                  strategy:
                    abTesting:
                      variantAService: a
                      variantBService: b
                      maxDuration: 24h
                      analysis: {minDuration: 10m, minSampleSize: 100}
                """, Rollout.class);

        TimeCompression.compress(r);

        var ab = r.getSpec().strategy.abTesting;
        assertThat(ab.analysis.minDuration).isEqualTo("9s");
        assertThat(ab.maxDuration).isEqualTo("23s");
        assertThat(ab.analysis.minSampleSize).isEqualTo(100);
    }
}
