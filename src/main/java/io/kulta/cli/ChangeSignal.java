package io.kulta.cli;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Any add, update or delete an informer reports, coalesced: a waiter wakes once however many changes came in. */
final class ChangeSignal<T> implements ResourceEventHandler<T> {
    private final Semaphore changes = new Semaphore(0);

    @Override
    public void onAdd(T obj) {
        changed();
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        changed();
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed();
    }

    void changed() {
        changes.release();
    }

    /** Waits up to {@code millis} for a change; true if there was one (and forgets the others that came with it). */
    boolean await(long millis) throws InterruptedException {
        if (!changes.tryAcquire(millis, TimeUnit.MILLISECONDS)) return false;
        changes.drainPermits();
        return true;
    }
}
