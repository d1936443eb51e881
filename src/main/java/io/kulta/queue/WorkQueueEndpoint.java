package io.kulta.queue;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

public class WorkQueueEndpoint extends DefaultEndpoint {
    private final WorkQueue queue;
    private int workers = 4;
    private boolean background;

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

    public boolean isBackground() {
        return background;
    }

    /** Keys sent here are re-checks, handed out after every key an event added. */
    public void setBackground(boolean background) {
        this.background = background;
    }

    /** Keys processed in parallel (different keys only). */
    public void setWorkers(int workers) {
        this.workers = workers;
    }
}
