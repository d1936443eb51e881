package io.kulta.metrics;

import io.kulta.routes.KultaHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

import java.util.concurrent.TimeUnit;

/**
 * kulta_reconciliations_total{result=success|requeue|error} and kulta_reconciliation_duration_seconds{strategy}: one
 * per exchange of the reconcile-worker route (a policy the factory puts on that route alone, so the route definitions
 * stay as they are), told apart by what the route left on it: an exception, a requeue delay, the strategy header
 * ("none" when no strategy ran: a deleted Rollout, a finalizer added, a stale cache).
 */
public final class ReconcileMetrics extends RoutePolicySupport implements RoutePolicyFactory {
    static final String ROUTE = "reconcile-worker";
    private final MeterRegistry registry;

    public ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String result : new String[] {"success", "requeue", "error"}) counter(result);
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return ROUTE.equals(routeId) ? this : null;
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        String result = exchange.isFailed() ? "error"
                : exchange.getMessage().getHeader(KultaHeaders.REQUEUE_AFTER) != null ? "requeue" : "success";
        counter(result).increment();
        String strategy = exchange.getMessage().getHeader(KultaHeaders.STRATEGY, "none", String.class);
        Timer.builder("kulta.reconciliation.duration").description("time of one reconcile, from the queue to the status write")
                .tag("strategy", strategy).publishPercentileHistogram().register(registry)
                .record(exchange.getClock().elapsed(), TimeUnit.MILLISECONDS);
    }

    private Counter counter(String result) {
        return Counter.builder("kulta.reconciliations").description("reconciles by outcome")
                .tag("result", result).register(registry);
    }
}
