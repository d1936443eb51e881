package io.kulta.queue;

import io.kulta.routes.KultaHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import java.time.Duration;

class WorkQueueProducer extends DefaultProducer {
    private final WorkQueue queue;

    WorkQueueProducer(WorkQueueEndpoint endpoint, WorkQueue queue) {
        super(endpoint);
        this.queue = queue;
    }

    private WorkQueueEndpoint endpoint() {
        return (WorkQueueEndpoint) getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String key = exchange.getMessage().getHeader(KultaHeaders.ROLLOUT_KEY, String.class);
        if (key == null) key = exchange.getMessage().getMandatoryBody(String.class);
        Duration delay = exchange.getMessage().getHeader(KultaHeaders.REQUEUE_AFTER, Duration.class);
        if (delay != null) queue.addAfter(key, delay);
        else if (endpoint().isBackground()) queue.addBackground(key);
        else queue.add(key);
    }
}
