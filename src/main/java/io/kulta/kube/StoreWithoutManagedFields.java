package io.kulta.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that keeps each object without metadata.managedFields. The controller never reads them (it
 * patches; an update that leaves them out keeps the server's), and on a real API server they are the largest part of
 * a cached object: each manager's field tree, a map per field. At 1,000 Rollouts they were most of the 320,000 maps
 * on the heap.
 */
final class StoreWithoutManagedFields<T extends HasMetadata> extends BasicItemStore<T> {
    StoreWithoutManagedFields() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public T put(String key, T obj) {
        if (obj.getMetadata() != null) obj.getMetadata().setManagedFields(null);
        return super.put(key, obj);
    }
}
