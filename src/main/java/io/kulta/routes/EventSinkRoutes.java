package io.kulta.routes;

import io.kulta.events.EventCounters;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.builder.DeadLetterChannelBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;

/**
 * The sinks routes/rollout-events.yaml fans out to: {@code direct:kube-event}, {@code direct:cdevents} and
 * {@code direct:false-occurrence}.
 * Each sink accepts an event into its own bounded buffer without blocking (a full buffer drops it), and
 * one consumer per sink delivers from the buffer with retries and exponential backoff; an event still
 * failing then is dropped. Either way the reconcile that emitted the event is never held up or failed.
 */
public class EventSinkRoutes extends RouteBuilder {
    static final String SINK = "KultaSink";

    @Override
    public void configure() {
        from("direct:event-dropped").routeId("event-dropped")
                .description("Count and log an event that exhausted its retries")
                .process(e -> counters(e).dropped(e.getProperty(SINK, String.class), "undeliverable after retries: "
                        + e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)));

        RouteDefinition kubeEvents = accept("kube-event", "a Kubernetes Event on the Rollout (kubectl describe rollout)");
        offer(kubeEvents, "kube-event");
        declared("kube-event").bean("kubeEvents", "create").process(e -> counters(e).sent("kube-event"));

        RouteDefinition cdevents = accept("cdevents", "CDEvents (KULTA_CDEVENTS_ENABLED)");
        if (enabled("kulta.cdeventsEnabled")) {
            String url = required("kulta.cdeventsSinkUrl", "KULTA_CDEVENTS_SINK_URL");
            boolean binary = "binary".equalsIgnoreCase(property("kulta.cdeventsMode", "structured"));
            offer(cdevents.bean("cdEvents", "toCloudEvent")      // null: this transition has no CDEvent
                    .filter(body().isNotNull()), "cdevents");
            var send = declared("cdevents").removeHeaders("*");
            if (binary) send.bean("cdEvents", "binary").transformDataType("http:application-cloudevents");
            else send.transform(method("cdEvents", "structured"))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/cloudevents+json"));
            send.to(url).process(e -> counters(e).sent("cdevents"));
        } else {
            cdevents.stop();
        }

        RouteDefinition occurrences = accept("false-occurrence", "FALSE occurrences (KULTA_FALSE_ENABLED)");
        if (enabled("kulta.falseEnabled")) {
            String url = property("kulta.falseSinkUrl", "");
            occurrences.transform(method("falseOccurrences", "toJson"));
            offer(occurrences, "false-file");
            if (!url.isBlank()) offer(occurrences, "false-http");
            declared("false-file").bean("occurrenceFile", "append").process(e -> counters(e).sent("false-file"));
            if (!url.isBlank())
                declared("false-http").removeHeaders("*").setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                        .to(url).process(e -> counters(e).sent("false-http"));
        } else {
            occurrences.stop();
        }
    }

    /** The sink's entry: whatever goes wrong here (a full buffer, a bad event) is counted as dropped, never thrown. */
    private RouteDefinition accept(String sink, String what) {
        RouteDefinition route = from("direct:" + sink).routeId(sink).description("Buffer a rollout event for " + what);
        route.onException(Exception.class).handled(true)
                .process(e -> counters(e).dropped(sink, String.valueOf(e.getProperty(Exchange.EXCEPTION_CAUGHT))))
                .end();
        return route;
    }

    /** Offers the event to the sink's buffer; a full buffer drops it (counted and logged) instead of waiting. */
    private void offer(ProcessorDefinition<?> route, String sink) {
        route.doTry()
                .to(buffer(sink))
            .doCatch(IllegalStateException.class)
                .process(e -> counters(e).dropped(sink, "buffer full (" + property("kulta.eventsBuffer", "1000") + " events)"))
            .end();
    }

    /** A sink's delivery route, with its counters declared at 0. */
    private RouteDefinition declared(String sink) {
        EventCounters counters = getContext().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
        if (counters != null) counters.declare(sink);
        return deliver(sink);
    }

    /** The sink's buffer: an in-memory queue of KULTA_EVENTS_BUFFER events; offering to a full one throws at once. */
    private String buffer(String sink) {
        return "seda:" + sink + "-out?size={{kulta.eventsBuffer}}&blockWhenFull=false&waitForTaskToComplete=Never";
    }

    /** One consumer drains the buffer; failed sends are retried with backoff, then dropped. At shutdown it drains all. */
    private RouteDefinition deliver(String sink) {
        DeadLetterChannelBuilder retries = deadLetterChannel("direct:event-dropped");
        retries.maximumRedeliveries(intProperty("kulta.eventsMaxRetries", 5))
                .redeliveryDelay(intProperty("kulta.eventsRetryDelayMillis", 500))
                .useExponentialBackOff().backOffMultiplier(2)
                .maximumRedeliveryDelay(intProperty("kulta.eventsRetryMaxDelayMillis", 10000))
                .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                .allowRedeliveryWhileStopping(false)   // at shutdown each buffered event gets one last try
                .onRedelivery(e -> counters(e).retried(sink));
        return from(buffer(sink)).routeId(sink + "-delivery").description("Deliver buffered " + sink + " events")
                .errorHandler(retries)
                .shutdownRunningTask(ShutdownRunningTask.CompleteAllTasks)
                .setProperty(SINK, constant(sink));
    }

    private static EventCounters counters(Exchange e) {
        return e.getContext().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
    }

    private boolean enabled(String name) {
        String v = property(name, "false").trim();
        return v.equalsIgnoreCase("true") || v.equals("1");
    }

    private String required(String name, String env) {
        String v = property(name, "");
        if (v.isBlank()) throw new IllegalArgumentException(env + " must be set when its sink is enabled");
        return v;
    }

    private int intProperty(String name, int fallback) {
        return Integer.parseInt(property(name, String.valueOf(fallback)).trim());
    }

    private String property(String name, String fallback) {
        return getContext().getPropertiesComponent().resolveProperty(name).orElse(fallback);
    }
}
