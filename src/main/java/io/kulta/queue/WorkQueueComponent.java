package io.kulta.queue;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code kulta-queue:<name>}: a {@link WorkQueue} as a Camel endpoint. Producers add the Rollout key
 * (header {@code KultaRolloutKey}, else the body), after {@code KultaRequeueAfter} if set; the consumer
 * runs {@code workers} threads that each hand one key at a time to the route.
 */
public class WorkQueueComponent extends DefaultComponent {
    private final WorkQueue queue;

    public WorkQueueComponent(WorkQueue queue) {
        this.queue = queue;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        WorkQueueEndpoint endpoint = new WorkQueueEndpoint(uri, this, queue);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
