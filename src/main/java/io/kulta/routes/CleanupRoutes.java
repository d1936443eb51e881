package io.kulta.routes;

import org.apache.camel.builder.RouteBuilder;

import static io.kulta.routes.KultaHeaders.REQUEUE_AFTER;
import static io.kulta.routes.KultaHeaders.UNREADABLE;

/**
 * SPEC §3 "Deleting a Rollout": a deleted Rollout held by the finalizer kulta.io/cleanup gets its traffic back on
 * stable, its events, and then is let go — or is tried again soon while the writes are refused and the timeout has
 * not passed.
 */
public class CleanupRoutes extends RouteBuilder {
    private static final String OBSERVATION = "kultaObservation";
    private static final String PLAN = "kultaCleanupPlan";
    private static final String REFUSED = "kultaCleanupRefused";

    @Override
    public void configure() {
        from("direct:cleanup").routeId("cleanup")
                .errorHandler(noErrorHandler())
                .setProperty(OBSERVATION, body())
                .bean("cleanup", "plan")                     // pure: Services and route back on stable, A/B rules away
                .setProperty(PLAN, body())
                .bean("cleanupWriter", "apply")              // → what was refused, or null
                .setProperty(REFUSED, body())
                .bean("cleanup", "outcome(${exchangeProperty." + OBSERVATION + "}, ${exchangeProperty." + REFUSED + "}, ${header."
                        + UNREADABLE + "})")     // an unreadable Rollout: what could not be read
                .choice()
                    .when(simple("${body.isPresent()}"))
                        .bean("rolloutEvents", "of(${exchangeProperty." + OBSERVATION + "}, ${body.get()})")
                        .to("direct:rollout-event")                  // service.removed CDEvent, Kubernetes Event
                        .setBody(exchangeProperty(OBSERVATION))
                        .bean("finalizers", "remove")                // the API server deletes it; GC takes its ReplicaSets
                    .otherwise()
                        .setHeader(REQUEUE_AFTER, simple("${exchangeProperty." + PLAN + ".requeueAfter()}"))
                        .to("kulta-queue:rollouts")
                .end();
    }
}
