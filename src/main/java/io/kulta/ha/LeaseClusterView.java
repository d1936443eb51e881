package io.kulta.ha;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One namespace's election. fabric8's elector runs once per term, so a new one joins after each loss. Two guards
 * against split brain (CAMEL-NOTES §2.4): a watchdog that gives leadership up when no renewal succeeded for the renew
 * deadline — fabric8 checks only between its own calls, which a partition can hang — and the short request timeout of
 * the election client. Leadership changes reach Camel on a thread of our own, never fabric8's.
 */
final class LeaseClusterView extends AbstractCamelClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseClusterView.class);

    private final LeaseClusterService service;
    private final String leaseName;
    private final Leadership leadership;
    private final Member local;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicReference<String> holder = new AtomicReference<>();
    private final AtomicReference<String> lastFired = new AtomicReference<>();
    private volatile boolean running;
    private volatile long lastRenewalNanos;
    private volatile CompletableFuture<?> election;
    private ExecutorService events;
    private ScheduledExecutorService watchdog;
    private ExecutorService leaseCalls;

    LeaseClusterView(LeaseClusterService service, String namespace, String leaseName, Leadership leadership) {
        super(service, namespace);
        this.service = service;
        this.leaseName = leaseName;
        this.leadership = leadership;
        this.local = new Member(service.identity, true, leading::get);
    }

    @Override
    protected void doStart() {
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        events = executors.newSingleThreadExecutor(this, "kulta-lease-" + getNamespace());
        watchdog = executors.newSingleThreadScheduledExecutor(this, "kulta-lease-watchdog-" + getNamespace());
        leaseCalls = executors.newCachedThreadPool(this, "kulta-lease-call-" + getNamespace());
        running = true;
        elect();
        long retry = service.timings.retryPeriod().toMillis();
        watchdog.scheduleWithFixedDelay(this::giveUpIfNotRenewed, retry, retry, TimeUnit.MILLISECONDS);
    }

    private void elect() {
        LeaseTimings t = service.timings;
        var config = new LeaderElectionConfigBuilder().withName(leaseName)
                .withLock(new RenewalTrackingLock(new BoundedLock(new LeaseLock(service.leaseNamespace, leaseName, service.identity),
                        t.renewDeadline(), leaseCalls)))
                .withLeaseDuration(t.duration()).withRenewDeadline(t.renewDeadline()).withRetryPeriod(t.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::gained, this::lost, this::newLeader))
                .build();
        CompletableFuture<?> term = service.client.leaderElector().withConfig(config).build().start();
        election = term;
        term.whenComplete((ignored, error) -> {
            lost();
            if (running) rejoinLater();
        });
    }

    private void rejoinLater() {
        try {
            watchdog.schedule(() -> {
                if (running) elect();
            }, service.timings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // the view is stopping
        }
    }

    private void gained() {
        lastRenewalNanos = System.nanoTime();
        holder.set(service.identity);
        if (!leading.getAndSet(true)) {
            LOG.info("{} leads: Lease {}/{} acquired", service.identity, service.leaseNamespace, leaseName);
            leadership.set(true);
        }
        fire();
    }

    private void lost() {
        if (leading.getAndSet(false)) {
            leadership.set(false);
            LOG.warn("{} no longer leads (Lease {}/{}): it stops writing", service.identity, service.leaseNamespace, leaseName);
        }
        holder.compareAndSet(service.identity, null);
        fire();
    }

    private void newLeader(String identity) {
        holder.set(identity == null || identity.isEmpty() ? null : identity);
        fire();
    }

    /** client-go's renew deadline, kept by us: fabric8 would notice only once a hanging renewal returns. */
    private void giveUpIfNotRenewed() {
        if (!leading.get() || System.nanoTime() - lastRenewalNanos <= service.timings.renewDeadline().toNanos()) return;
        LOG.warn("{}: no renewal of Lease {} for {} ms", service.identity, leaseName, service.timings.renewDeadline().toMillis());
        CompletableFuture<?> term = election;
        lost();
        if (term != null) term.cancel(true);
    }

    /**
     * One event per change of (leading, holder), on our own thread — none once the CamelContext is stopping: its
     * shutdown stops the routes itself, and ClusteredRoutePolicy stopping them too from this thread deadlocks with it
     * (the policy's lock against the context's route lock; seen when a partition ended leadership during a stop).
     */
    private void fire() {
        String state = leading.get() + "/" + holder.get();
        if (state.equals(lastFired.getAndSet(state))) return;
        try {
            events.execute(() -> {
                if (!getCamelContext().isStopping() && !getCamelContext().isStopped()) fireLeadershipChangedEvent(getLeader().orElse(null));
            });
        } catch (RejectedExecutionException stopping) {
            // the view is stopping; doStop fires the last event itself
        }
    }

    @Override
    protected void doStop() {
        running = false;
        CompletableFuture<?> term = election;
        if (term != null) term.cancel(true);   // releases the Lease, so a follower takes over within a retry period
        lost();
        fireLeadershipChangedEvent((CamelClusterMember) null);
        ExecutorServiceManager executors = getCamelContext().getExecutorServiceManager();
        executors.shutdownGraceful(events);
        executors.shutdownNow(watchdog);
        executors.shutdownNow(leaseCalls);
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        if (leading.get()) return Optional.of(local);
        String other = holder.get();
        return other == null || other.equals(service.identity) ? Optional.empty() : Optional.of(remote(other));
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        List<CamelClusterMember> members = new ArrayList<>(List.of(local));
        getLeader().filter(m -> !m.isLocal()).ifPresent(members::add);
        return members;
    }

    private Member remote(String identity) {
        return new Member(identity, false, () -> identity.equals(holder.get()));
    }

    /** The Lease lock, noting each write that keeps this instance the holder: the watchdog's clock. */
    private final class RenewalTrackingLock implements Lock {
        private final Lock lease;

        RenewalTrackingLock(Lock lease) {
            this.lease = lease;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            return lease.get(client);
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            lease.create(client, record);
            noteRenewal(record);
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            lease.update(client, record);
            noteRenewal(record);
        }

        private void noteRenewal(LeaderElectionRecord record) {
            if (service.identity.equals(record.getHolderIdentity())) lastRenewalNanos = System.nanoTime();
        }

        @Override
        public String identity() {
            return lease.identity();
        }

        @Override
        public String describe() {
            return lease.describe();
        }
    }
}
