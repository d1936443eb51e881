package io.kulta.config;

import io.kulta.kube.KubeCaches;
import io.kulta.queue.WorkQueue;
import org.apache.camel.support.service.ServiceSupport;

import java.time.Duration;

/** Starts the informers with the Camel context (before its routes) and stops them after the routes. */
final class InformersService extends ServiceSupport {
    private final KubeCaches caches;
    private final WorkQueue queue;
    private final Duration syncTimeout;

    InformersService(KubeCaches caches, WorkQueue queue, Duration syncTimeout) {
        this.caches = caches;
        this.queue = queue;
        this.syncTimeout = syncTimeout;
    }

    @Override
    protected void doStart() throws Exception {
        caches.start(syncTimeout);
    }

    @Override
    protected void doStop() {
        caches.close();
        queue.close();
    }
}
