package io.kulta.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kulta.kube.KubeCaches;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Gauges read from the Rollout cache at scrape time: kulta_rollouts_active{phase,strategy} (every phase × strategy,
 * so a fixed set of series) and kulta_traffic_weight{namespace,rollout} (status.currentWeight), which exists exactly
 * while the Rollout is in the cache: added with it, removed when it is deleted. One scrape reads all its phase ×
 * strategy counts (45 series) from one pass over the cache, not one pass each.
 */
public final class RolloutGauges implements ResourceEventHandler<HasMetadata> {
    static final List<String> STRATEGIES = List.of("canary", "blueGreen", "abTesting", "simple", "invalid");
    /** Counts this recent are the same scrape's: its gauges are read one after another within milliseconds. */
    private static final long SAME_SCRAPE_NANOS = 250_000_000L;

    private final MeterRegistry registry;
    private final Supplier<List<Rollout>> fleet;
    private final Function<String, Rollout> byKey;
    private final Map<String, Gauge> weights = new ConcurrentHashMap<>();
    private volatile Counts counts;   // null until the first scrape

    private record Counts(Map<String, Long> byPhaseAndStrategy, long takenAt) {
    }

    public RolloutGauges(MeterRegistry registry, KubeCaches caches) {
        this(registry, caches::rollouts, caches::rollout);
    }

    /** @param fleet every Rollout in the cache; @param byKey one of them by namespace/name, or null */
    RolloutGauges(MeterRegistry registry, Supplier<List<Rollout>> fleet, Function<String, Rollout> byKey) {
        this.registry = registry;
        this.fleet = fleet;
        this.byKey = byKey;
        for (Phase phase : Phase.values())
            for (String strategy : STRATEGIES)
                Gauge.builder("kulta.rollouts.active", () -> count(phase, strategy))
                        .description("Rollouts in the cache by status.phase and strategy")
                        .tags("phase", phase.name(), "strategy", strategy).register(registry);
    }

    @Override
    public void onAdd(HasMetadata rollout) {
        String key = Cache.metaNamespaceKeyFunc(rollout);
        weights.computeIfAbsent(key, k -> Gauge.builder("kulta.traffic.weight", () -> weight(k))
                .description("status.currentWeight: the share of traffic on the new revision, in percent")
                .tags("namespace", rollout.getMetadata().getNamespace(), "rollout", rollout.getMetadata().getName())
                .register(registry));
    }

    @Override
    public void onUpdate(HasMetadata before, HasMetadata after) {
        onAdd(after);
    }

    @Override
    public void onDelete(HasMetadata rollout, boolean finalStateUnknown) {
        Gauge gauge = weights.remove(Cache.metaNamespaceKeyFunc(rollout));
        if (gauge != null) registry.remove(gauge);
    }

    private double weight(String key) {
        Rollout r = byKey.apply(key);
        return r == null || r.getStatus() == null || r.getStatus().currentWeight == null ? Double.NaN : r.getStatus().currentWeight;
    }

    private long count(Phase phase, String strategy) {
        Counts now = counts;
        long at = System.nanoTime();
        if (now == null || at - now.takenAt() > SAME_SCRAPE_NANOS) {
            Map<String, Long> byPhaseAndStrategy = fleet.get().stream().filter(r -> r.getStatus() != null && r.getStatus().phase != null)
                    .collect(Collectors.groupingBy(r -> r.getStatus().phase.name() + "/" + strategyOf(r), Collectors.counting()));
            now = new Counts(byPhaseAndStrategy, at);
            counts = now;
        }
        return now.byPhaseAndStrategy().getOrDefault(phase.name() + "/" + strategy, 0L);
    }

    private static String strategyOf(Rollout r) {
        var names = r.getSpec() == null || r.getSpec().strategy == null ? List.<String>of() : r.getSpec().strategy.configured();
        return names.size() == 1 ? names.get(0) : "invalid";
    }
}
