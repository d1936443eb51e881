package io.kulta.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.kulta.core.InformerRestartPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One kind's informer, which can be replaced by a new one when it has not watched for too long (see
 * {@link InformerRestartPolicy}). The new informer starts from the old one's contents, so readers never see an empty
 * cache, and its first list tells the handlers only what changed meanwhile (updates and deletes, as a watch would have).
 * Its handlers hear of nothing before it is the one readers use. A list under way is not cut short (see the policy);
 * one of its requests failing is what tells a list that fabric8 is retrying with a backoff from one still running.
 */
final class RestartableInformer<T extends HasMetadata> {
    private static final Logger LOG = LoggerFactory.getLogger(RestartableInformer.class);

    private final String kind;
    private final Supplier<SharedIndexInformer<T>> create;
    private final Map<String, Function<T, List<String>>> indexers = new HashMap<>();
    private final List<ResourceEventHandler<? super T>> handlers = new ArrayList<>();
    private volatile SharedIndexInformer<T> current;
    private volatile AtomicBoolean currentFailed = new AtomicBoolean();   // a list or watch of current failed
    private volatile boolean synced;
    private InformerRestartPolicy policy;

    /** @param create a new informer of this kind, not started */
    RestartableInformer(String kind, Supplier<SharedIndexInformer<T>> create) {
        this.kind = kind;
        this.create = create;
    }

    String kind() {
        return kind;
    }

    /** Before {@link #start}. */
    void addIndexers(Map<String, Function<T, List<String>>> more) {
        indexers.putAll(more);
    }

    /** Before {@link #start}. */
    void addEventHandler(ResourceEventHandler<? super T> handler) {
        handlers.add(handler);
    }

    synchronized void start(Duration restartAfter, long nowNanos) {
        policy = new InformerRestartPolicy(restartAfter, nowNanos);
        current = launch(null);
    }

    Store<T> store() {
        return current.getStore();
    }

    Indexer<T> indexer() {
        return current.getIndexer();
    }

    /** Whether this cache has had a full list: its own informer's, or (after a restart) the one it started from. */
    boolean hasSynced() {
        if (!synced && current != null && current.hasSynced()) synced = true;
        return synced;
    }

    /** Whether it has a working watch now. */
    boolean watching() {
        return current != null && watching(current);
    }

    /**
     * Restarts the informer if it has not been watching for longer than the limit.
     *
     * @return how long it had not watched, when it was restarted now
     */
    synchronized Optional<Duration> restartIfNotWatching(long nowNanos) {
        if (current == null) return Optional.empty();
        Duration without = policy.notWatchingFor(nowNanos);
        boolean listing = !current.hasSynced() && !currentFailed.get();
        if (!policy.restartNow(nowNanos, watching(current), listing)) return Optional.empty();
        boolean wasSynced = hasSynced();
        SharedIndexInformer<T> old = current;
        current = launch(old);
        synced = wasSynced;
        old.stop();
        return Optional.of(without);
    }

    synchronized void close() {
        if (current != null) current.stop();
    }

    /** A new informer, from the contents of {@code previous} if any; its handlers wait until it is {@link #current}. */
    private SharedIndexInformer<T> launch(SharedIndexInformer<T> previous) {
        SharedIndexInformer<T> informer = create.get();
        informer.itemStore(new StoreWithoutManagedFields<>());
        informer.addIndexers(indexers);
        CompletableFuture<Void> inUse = new CompletableFuture<>();
        handlers.forEach(h -> informer.addEventHandler(new Gated<>(h, inUse)));
        AtomicBoolean failed = new AtomicBoolean();
        informer.exceptionHandler((started, t) -> {
            failed.set(true);
            LOG.warn("list or watch of {} failed, retrying: {}", kind, t.getMessage());
            return true;
        });
        if (previous != null) informer.initialState(previous.getStore().list().stream());
        try {
            informer.start();
        } finally {
            current = informer;
            currentFailed = failed;
            inUse.complete(null);
        }
        return informer;
    }

    /** fabric8 7.4's isWatching() throws before the informer's first watch was asked for. */
    private static boolean watching(SharedIndexInformer<?> informer) {
        try {
            return informer.isWatching();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Passes each notification on once the informer is the one readers use. */
    private record Gated<T>(ResourceEventHandler<? super T> handler, CompletableFuture<Void> inUse) implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            inUse.join();
            handler.onAdd(obj);
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            inUse.join();
            handler.onUpdate(oldObj, newObj);
        }

        @Override
        public void onDelete(T obj, boolean finalStateUnknown) {
            inUse.join();
            handler.onDelete(obj, finalStateUnknown);
        }

        @Override
        public void onNothing() {
            inUse.join();
            handler.onNothing();
        }
    }
}
