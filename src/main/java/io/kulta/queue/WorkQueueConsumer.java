package io.kulta.queue;

import io.kulta.routes.KultaHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;

/** Worker threads: take a key, run the route, retry it with backoff if the route failed. */
class WorkQueueConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(WorkQueueConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final WorkQueue queue;
    private final int workers;
    private ExecutorService pool;
    private volatile boolean running;

    WorkQueueConsumer(WorkQueueEndpoint endpoint, Processor processor, WorkQueue queue, int workers) {
        super(endpoint, processor);
        this.queue = queue;
        this.workers = Math.max(1, workers);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        pool = getEndpoint().getCamelContext().getExecutorServiceManager().newFixedThreadPool(this, "kulta-worker", workers);
        for (int i = 0; i < workers; i++) pool.execute(this::work);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (pool != null) getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(pool);
        super.doStop();
    }

    private void work() {
        while (running) {
            String key;
            try {
                key = queue.take(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (key == null) continue;
            try {
                process(key);
            } finally {
                queue.done(key);
            }
        }
    }

    private void process(String key) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(key);
            exchange.getMessage().setHeader(KultaHeaders.ROLLOUT_KEY, key);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        if (failure == null) {
            queue.forget(key);
        } else {
            LOG.warn("reconcile of {} failed, retrying with backoff: {}", key, oneLine(failure));
            LOG.debug("reconcile of {} failed", key, failure);
            queue.retryLater(key);
        }
        releaseExchange(exchange, false);
    }

    private static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.replace('\n', ' '));
    }
}
