package io.kulta.ha;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A Lease call that never returns fails after the limit, as a failed request would, and its thread is let go. */
class BoundedLockTest {
    final ExecutorService calls = Executors.newCachedThreadPool();
    final CountDownLatch interrupted = new CountDownLatch(1);

    @AfterEach
    void stop() {
        calls.shutdownNow();
    }

    @Test
    void aCallThatNeverReturnsFailsAfterTheLimitAndIsInterrupted() {
        BoundedLock lock = new BoundedLock(new NeverAnswering(), Duration.ofMillis(300), calls);

        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> lock.get(null))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("get of lease ns/leader got no answer within 300 ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> interrupted.await());
    }

    @Test
    void aCallThatAnswersPassesItsAnswerAndItsFailureOn() {
        LeaderElectionRecord record = new LeaderElectionRecord("kulta-a", Duration.ofSeconds(3), ZonedDateTime.now(), ZonedDateTime.now(), 0);
        BoundedLock lock = new BoundedLock(new Answering(record), Duration.ofSeconds(5), calls);

        assertThat(lock.get(null).getHolderIdentity()).isEqualTo("kulta-a");
        assertThatThrownBy(() -> lock.update(null, record)).isInstanceOf(KubernetesClientException.class).hasMessage("409 conflict");
    }

    /** A Lease lock that writes nothing; what its get does is the test's. */
    private abstract static class FakeLock implements Lock {
        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
        }

        @Override
        public String identity() {
            return "kulta-a";
        }

        @Override
        public String describe() {
            return "lease ns/leader";
        }
    }

    private final class NeverAnswering extends FakeLock {
        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        }
    }

    private static final class Answering extends FakeLock {
        private final LeaderElectionRecord record;

        Answering(LeaderElectionRecord record) {
            this.record = record;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            return record;
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            throw new KubernetesClientException("409 conflict");
        }
    }
}
