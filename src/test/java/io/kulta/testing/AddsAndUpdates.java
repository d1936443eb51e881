package io.kulta.testing;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.util.function.Consumer;

/** An informer handler that hands every added or updated object to one consumer and ignores deletes. */
public final class AddsAndUpdates {
    private AddsAndUpdates() {
    }

    public static <T> ResourceEventHandler<T> to(Consumer<T> seen) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                seen.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                seen.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            }
        };
    }
}
