package io.kulta.queue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkQueueTest {
    private static final Duration NOW = Duration.ofMillis(1);
    private final WorkQueue queue = new WorkQueue(Duration.ofMillis(10), Duration.ofMillis(80));

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void addsOfAWaitingKeyAreCoalesced() throws Exception {
        queue.add("ns/a");
        queue.add("ns/a");
        queue.add("ns/b");
        assertThat(queue.length()).isEqualTo(2);
        assertThat(drain()).containsExactly("ns/a", "ns/b");
        assertThat(queue.adds()).isEqualTo(3);
    }

    @Test
    void aKeyBeingProcessedIsNotHandedOutAgainUntilItIsDone() throws Exception {
        queue.add("ns/a");
        String first = queue.take(NOW);
        queue.add("ns/a");
        assertThat(queue.take(NOW)).as("a second worker gets nothing while the first holds the key").isNull();
        queue.done(first);
        assertThat(queue.take(NOW)).isEqualTo("ns/a");
    }

    @Test
    void eventKeysAreHandedOutBeforeResyncKeys() throws Exception {
        queue.addBackground("ns/settled-1");
        queue.addBackground("ns/settled-2");
        queue.add("ns/changed");
        assertThat(drain()).containsExactly("ns/changed", "ns/settled-1", "ns/settled-2");
    }

    @Test
    void anEventMovesAWaitingResyncKeyToTheFrontAndAResyncNeverMovesItBack() throws Exception {
        queue.addBackground("ns/a");
        queue.addBackground("ns/b");
        queue.add("ns/b");
        queue.addBackground("ns/b");
        assertThat(queue.length()).isEqualTo(2);
        assertThat(drain()).containsExactly("ns/b", "ns/a");
    }

    @Test
    void anEventForAKeyBeingProcessedComesBackInTheEventLane() throws Exception {
        queue.add("ns/a");
        String a = queue.take(NOW);
        queue.addBackground("ns/z");
        queue.addBackground("ns/a");
        queue.add("ns/a");
        queue.done(a);
        assertThat(drain()).containsExactly("ns/a", "ns/z");
    }

    @Test
    void failuresBackOffExponentiallyUpToTheCap() {
        assertThat(List.of(queue.backoffMillis(1), queue.backoffMillis(2), queue.backoffMillis(3), queue.backoffMillis(4),
                queue.backoffMillis(40))).containsExactly(10L, 20L, 40L, 80L, 80L);
    }

    @Test
    void aRetriedKeyComesBackAfterItsBackoffAndForgetStartsItOver() throws Exception {
        queue.add("ns/a");
        queue.done(queue.take(NOW));
        queue.retryLater("ns/a");
        assertThat(queue.take(Duration.ofMillis(2))).as("not before its backoff").isNull();
        assertThat(queue.take(Duration.ofSeconds(2))).isEqualTo("ns/a");
        queue.done("ns/a");
        queue.retryLater("ns/a");
        long start = System.nanoTime();
        assertThat(queue.take(Duration.ofSeconds(2))).isEqualTo("ns/a");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("second failure waits 20 ms").isGreaterThanOrEqualTo(Duration.ofMillis(15));
        assertThat(queue.retries()).isEqualTo(2);
        queue.forget("ns/a");
        queue.done("ns/a");
        assertThat(queue.trackedKeys()).isZero();
    }

    @Test
    void delayedAddsKeepTheEarliestDueTime() throws Exception {
        queue.addAfter("ns/a", Duration.ofSeconds(30));
        queue.addAfter("ns/a", Duration.ofMillis(20));
        queue.addAfter("ns/a", Duration.ofSeconds(60));
        assertThat(queue.take(Duration.ofSeconds(2))).isEqualTo("ns/a");
        queue.done("ns/a");
        assertThat(queue.trackedKeys()).isZero();
    }

    @Test
    void aDeletedKeyLosesItsDelayedAdd() throws Exception {
        queue.addAfter("ns/a", Duration.ofMillis(30));
        queue.forgetDeleted("ns/a");
        assertThat(queue.take(Duration.ofMillis(150))).isNull();
    }

    @Test
    void nothingIsHandedOutWhileTheQueueIsClosedToWorkers() throws Exception {
        boolean[] synced = {false};
        queue.handOutOnlyWhen(() -> synced[0]);
        queue.add("ns/a");
        assertThat(queue.take(Duration.ofMillis(20))).isNull();
        synced[0] = true;
        assertThat(queue.take(Duration.ofSeconds(1))).isEqualTo("ns/a");
    }

    private List<String> drain() throws InterruptedException {
        List<String> order = new ArrayList<>();
        for (String key; (key = queue.take(NOW)) != null; ) {
            order.add(key);
            queue.done(key);
        }
        return order;
    }
}
