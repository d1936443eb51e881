package io.kulta.metrics;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kulta.model.CanaryStrategy;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutSpec;
import io.kulta.model.RolloutStatus;
import io.kulta.model.RolloutStrategy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutGaugesTest {

    @Test
    void oneScrapeCountsEveryPhaseAndStrategyFromOnePassOverTheCache() {
        List<Rollout> cache = List.of(canary("a", Phase.Paused), canary("b", Phase.Paused), canary("c", Phase.Completed));
        AtomicInteger passes = new AtomicInteger();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new RolloutGauges(registry, () -> {
            passes.incrementAndGet();
            return cache;
        }, key -> null);

        String scrape = registry.scrape();

        assertThat(passes).as("passes over the cache for one scrape of %d series", Phase.values().length * RolloutGauges.STRATEGIES.size())
                .hasValue(1);
        assertThat(scrape).contains("kulta_rollouts_active{phase=\"Paused\",strategy=\"canary\"} 2.0")
                .contains("kulta_rollouts_active{phase=\"Completed\",strategy=\"canary\"} 1.0")
                .contains("kulta_rollouts_active{phase=\"Paused\",strategy=\"simple\"} 0.0");
    }

    private static Rollout canary(String name, Phase phase) {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
        RolloutSpec spec = new RolloutSpec();
        spec.strategy = new RolloutStrategy();
        spec.strategy.canary = new CanaryStrategy();
        r.setSpec(spec);
        RolloutStatus status = new RolloutStatus();
        status.phase = phase;
        r.setStatus(status);
        return r;
    }
}
