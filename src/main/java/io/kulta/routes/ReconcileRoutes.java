package io.kulta.routes;

import io.kulta.core.Plan;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.apache.camel.builder.RouteBuilder;

import static io.kulta.routes.KultaHeaders.REQUEUE_AFTER;
import static io.kulta.routes.KultaHeaders.STRATEGY;
import static io.kulta.routes.KultaHeaders.UNREADABLE;

/** The reconcile pipeline: work queue → observe → plan per strategy → apply the plan. */
public class ReconcileRoutes extends RouteBuilder {
    private static final String PLAN = "kultaPlan";

    @Override
    public void configure() {
        from("kulta-queue:rollouts?workers={{kulta.workers}}").routeId("reconcile-worker")
                .routePolicyRef("leaderPolicy")
                .errorHandler(noErrorHandler()) // the queue retries failed keys with backoff
                .to("direct:reconcile");

        from("timer:resync?period={{kulta.resyncSeconds}}000&delay={{kulta.resyncSeconds}}000").routeId("resync")
                .routePolicyRef("leaderPolicy")
                .bean("kubeCaches", "rolloutKeys")
                .split(body())
                    .to("kulta-queue:rollouts?background=true");

        // every instance, leader or not: a follower's caches must be fresh when it takes over
        from("timer:informer-watchdog?period=1000").routeId("informer-watchdog")
                .bean("kubeCaches", "restartInformersNotWatching");

        from("direct:reconcile").routeId("reconcile")
                .errorHandler(noErrorHandler())
                .filter(method("unreadableRollouts", "applies"))  // a value the model cannot hold: reported, never planned
                    .choice()
                        .when(method("unreadableRollouts", "deleting"))  // but cleaned up from what can be read, and let go
                            .setHeader(UNREADABLE, method("unreadableRollouts", "leftOut"))
                            .bean("observer", "observeLeniently")
                            .filter(body().isNotNull())
                                .to("direct:cleanup")
                            .end()
                        .endChoice()
                        .otherwise()
                            .bean("unreadableRollouts", "report")
                            .split(body())
                                .to("direct:rollout-event")
                            .end()
                    .end()
                    .stop()
                .end()
                .bean("observer", "observe")                 // key → Observation, from the informer caches
                .filter(method("cleanup", "deleting"))       // deleted: SPEC §3 "Deleting a Rollout", never the strategy
                    .filter(method("cleanup", "pending"))    // still held by kulta.io/cleanup
                        .to("direct:cleanup")
                    .end()
                    .stop()
                .end()
                .filter(method("cleanup", "needsFinalizer")) // a valid Rollout is held before anything is written for it;
                    .bean("finalizers", "add")               // the update event of that write brings it back to be planned
                    .stop()
                .end()
                .filter(body().isNotNull())
                    .setHeader(STRATEGY, simple("${body.strategy()}"))
                    .choice()
                        .when(method("fleetAdmission", "mustWait")).bean("queuedPlanner", "plan")  // KULTA_MAX_CONCURRENT_ROLLOUTS
                        .otherwise().bean("planners", "plan")   // by strategy; an invalid one is reported
                    .end()
                    .setProperty(PLAN, body())
                    .doTry()
                        .to("direct:apply-plan")
                        .bean("apiErrorReporter", "succeeded(${exchangeProperty." + PLAN + "})")
                    .doCatch(KubernetesClientException.class)   // a refused write is reported on the Rollout; every failure is rethrown
                        .bean("apiErrorReporter", "report(${exchangeProperty." + PLAN + "}, ${exception})")
                    .end();

        from("direct:apply-plan").routeId("apply-plan")
                .errorHandler(noErrorHandler())
                .bean("replicaSetWriter", "scaleUp")         // create / grow before traffic moves onto a revision
                .bean("serviceSelectorWriter", "apply")
                .bean("httpRouteWriter", "apply")
                .bean("abRouteWriter", "apply")              // A/B rules ahead of the user's, or removed
                .bean("replicaSetWriter", "scaleDown")       // shrink after traffic has moved away
                .process(e -> e.getMessage().setHeader(REQUEUE_AFTER, e.getMessage().getBody(Plan.class).requeueAfter()))
                .filter(header(REQUEUE_AFTER).isNotNull())
                    .to("kulta-queue:rollouts")
                .end()
                .bean("analysisMetrics", "evaluated")        // kulta_analysis_verdicts_total of a new evaluation
                .bean("rolloutWriter", "apply")              // status; → the events of the transitions it recorded
                .split(body())
                    .bean("transitionCounters", "count")     // kulta_step_advances_total, _rollbacks_, _aborts_
                    .to("direct:rollout-event");
    }
}
