package io.kulta.config;

import io.kulta.kube.KubeCaches;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.List;
import java.util.Map;

/** Readiness only: DOWN until the Kubernetes API answered every informer's first list (so: client connected, caches full). */
final class InformersSyncedCheck extends AbstractHealthCheck {
    private final KubeCaches caches;

    InformersSyncedCheck(KubeCaches caches) {
        super("kulta", "informer-synced");
        this.caches = caches;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> waiting = caches.notSynced();
        if (waiting.isEmpty()) builder.up();
        else builder.message("caches not synced with the Kubernetes API yet: " + String.join(", ", waiting)).down();
    }
}
