package io.kulta.ha;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A lock whose every call is given a time limit (the renew deadline). fabric8's elector calls its lock holding its own
 * monitor, which its stop and its release on cancel need too. A request whose answer never came — the mock's lost
 * reply left a Lease GET's future incomplete for good, the client's request timeout notwithstanding
 * (ChaosKillScenarioTest) — held the election, and every stop, forever. Past the limit the call fails as any failed
 * request does, and the elector retries.
 */
final class BoundedLock implements Lock {
    private final Lock lock;
    private final Duration limit;
    private final ExecutorService calls;

    /** @param calls runs each call, so that this thread can stop waiting for it */
    BoundedLock(Lock lock, Duration limit, ExecutorService calls) {
        this.lock = lock;
        this.limit = limit;
        this.calls = calls;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        return bounded("get", () -> lock.get(client));
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        bounded("create", () -> {
            lock.create(client, record);
            return null;
        });
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        bounded("update", () -> {
            lock.update(client, record);
            return null;
        });
    }

    @Override
    public String identity() {
        return lock.identity();
    }

    @Override
    public String describe() {
        return lock.describe();
    }

    private <T> T bounded(String verb, Callable<T> call) {
        Future<T> answer;
        try {
            answer = calls.submit(call);
        } catch (RejectedExecutionException stopping) {
            throw new KubernetesClientException("the election is stopping: no " + verb + " of " + lock.describe());
        }
        try {
            return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new KubernetesClientException(verb + " of " + lock.describe() + " got no answer within " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new KubernetesClientException(verb + " of " + lock.describe() + " failed", e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new KubernetesClientException(verb + " of " + lock.describe() + " interrupted", e);
        }
    }
}
