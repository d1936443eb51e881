package io.kulta.queue;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

public class WorkQueueEndpoint extends DefaultEndpoint {
    private final WorkQueue queue;
    private int workers = 4;

    WorkQueueEndpoint(String uri, WorkQueueComponent component, WorkQueue queue) {
        super(uri, component);
        this.queue = queue;
    }

    @Override
    public Producer createProducer() {
        return new WorkQueueProducer(this, queue);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = new WorkQueueConsumer(this, processor, queue, workers);
        configureConsumer(consumer);
        return consumer;
    }

    public int getWorkers() {
        return workers;
    }

    /** Keys processed in parallel (different keys only). */
    public void setWorkers(int workers) {
        this.workers = workers;
    }
}
