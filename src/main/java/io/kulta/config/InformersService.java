package io.kulta.config;

import io.kulta.kube.KubeCaches;
import io.kulta.queue.WorkQueue;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Starts the informers with the Camel context (before its routes) without waiting for them to sync, so /readyz can
 * answer 503 meanwhile; the work queue hands out no key before every cache is synced. Stops them after the routes.
 */
final class InformersService extends ServiceSupport {
    private final KubeCaches caches;
    private final WorkQueue queue;

    InformersService(KubeCaches caches, WorkQueue queue) {
        this.caches = caches;
        this.queue = queue;
    }

    @Override
    protected void doStart() {
        queue.handOutOnlyWhen(caches::synced);
        caches.start();
    }

    @Override
    protected void doStop() {
        caches.close();
        queue.close();
    }
}
