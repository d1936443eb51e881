package io.kulta.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kulta.core.Annotations;
import io.kulta.core.FleetQueue;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A shared change with and without KULTA_MAX_CONCURRENT_ROLLOUTS: every template changes at once and each Rollout is
 * promoted in full as soon as it pauses, as a pipeline would. Measured: the time until all N completed, the most
 * Rollouts mid-rollout at once, and the controller's requests (all of them, writes, and the busiest second).
 */
final class FlowControlRun {
    private final BenchTier tier;
    private final Fleet fleet;
    private final FleetWatch watch;

    FlowControlRun(BenchTier tier, Fleet fleet, FleetWatch watch) {
        this.tier = tier;
        this.fleet = fleet;
        this.watch = watch;
    }

    SizeResult.FlowControlRun run(String revision, int limit, Duration timeout) {
        Set<String> midRollout = ConcurrentHashMap.newKeySet();
        Set<String> promoted = ConcurrentHashMap.newKeySet();
        AtomicInteger peak = new AtomicInteger();
        KubernetesClient client = tier.harnessClient();
        settle(client, timeout);   // before the informer: the pauses it promotes are not this change's
        ExecutorService promoter = Executors.newFixedThreadPool(4);
        SharedIndexInformer<Rollout> informer = client.resources(Rollout.class).inNamespace(fleet.namespace()).withLimit(Fleet.LIST_PAGE)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Rollout r) {
                    }

                    @Override
                    public void onUpdate(Rollout before, Rollout after) {
                        String name = after.getMetadata().getName();
                        if (FleetQueue.holdsSlot(after.getStatus())) midRollout.add(name);
                        else midRollout.remove(name);
                        peak.accumulateAndGet(midRollout.size(), Math::max);
                        if (pausedOnItsTemplate(after) && promoted.add(name + "@" + after.getStatus().canaryRevision))
                            promoter.execute(() -> promoteFully(client, name));
                    }

                    @Override
                    public void onDelete(Rollout r, boolean unknown) {
                    }
                }, 0);
        try (RequestRate rate = new RequestRate(tier)) {
            RequestCounts before = tier.controllerRequests();
            long start = System.nanoTime();
            Predicate<Rollout> completedSinceChange = FleetWatch.since(fleet.changeTemplates(revision)).and(FleetWatch.completed());
            watch.awaitAll("Completed (" + revision + ")", timeout, r -> completedSinceChange.test(r)
                    && promoted.contains(r.getMetadata().getName() + "@" + r.getStatus().stableRevision));
            double seconds = (System.nanoTime() - start) / 1e9;
            RequestCounts during = tier.controllerRequests().minus(before)
                    .only(k -> StepMinimum.ROLLOUT_RESOURCES.contains(k.resource()));
            System.err.printf("bench [%s, N=%d] flow control %s: all completed in %.1f s, at most %d mid-rollout, %d requests%n",
                    tier.name(), fleet.names().size(), limit <= 0 ? "off" : "limit " + limit, seconds, peak.get(), during.total());
            return new SizeResult.FlowControlRun(limit, seconds, peak.get(), during.total(),
                    during.only(RequestKind::isWrite).total(), rate.busiestSecond());
        } finally {
            informer.close();
            promoter.shutdownNow();
        }
    }

    /** Not timed: Rollouts a previous measurement left paused are promoted to completion first. */
    private void settle(KubernetesClient client, Duration timeout) {
        fleet.forEach(name -> {
            if (!watch.matches(name, FleetWatch.completed())) promoteFully(client, name);
        });
        watch.awaitAll("Completed before the shared change", timeout, FleetWatch.completed());
    }

    /** Paused, and on the template the controller has observed (not a pause left from before the change). */
    private static boolean pausedOnItsTemplate(Rollout r) {
        return FleetWatch.observed(r) && r.getStatus().phase == Phase.Paused;
    }

    private void promoteFully(KubernetesClient client, String name) {
        client.resources(Rollout.class).inNamespace(fleet.namespace()).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"%s\":\"full\"}}}".formatted(Annotations.PROMOTE));
    }

    /** Samples the controller's request total every second; the largest difference is its busiest second. */
    private static final class RequestRate implements AutoCloseable {
        private final Thread sampler;
        private volatile long busiest;

        RequestRate(BenchTier tier) {
            sampler = new Thread(() -> {
                long last = tier.controllerRequests().total();
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long now = tier.controllerRequests().total();
                    busiest = Math.max(busiest, now - last);
                    last = now;
                }
            }, "bench-request-rate");
            sampler.setDaemon(true);
            sampler.start();
        }

        long busiestSecond() {
            return busiest;
        }

        @Override
        public void close() {
            sampler.interrupt();
        }
    }
}
