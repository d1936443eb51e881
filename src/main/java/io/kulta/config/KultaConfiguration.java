package io.kulta.config;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kulta.ha.AlwaysLeaderClusterService;
import io.kulta.ha.Leadership;
import io.kulta.ha.LeaseClusterService;
import io.kulta.ha.LeaseTimings;
import io.kulta.core.QueuedPlanner;
import io.kulta.core.Cleanup;
import io.kulta.core.Planners;
import io.kulta.events.CdEvents;
import io.kulta.events.EventCounters;
import io.kulta.events.FalseOccurrences;
import io.kulta.events.OccurrenceFile;
import io.kulta.kube.CleanupWriter;
import io.kulta.kube.Finalizers;
import io.kulta.kube.AbRouteWriter;
import io.kulta.kube.ApiErrorReporter;
import io.kulta.kube.HttpRouteWriter;
import io.kulta.kube.FleetAdmission;
import io.kulta.kube.KubeCaches;
import io.kulta.kube.KubeEvents;
import io.kulta.kube.Observer;
import io.kulta.kube.ReplicaSetWriter;
import io.kulta.kube.RolloutEvents;
import io.kulta.kube.RolloutWriter;
import io.kulta.kube.ServiceSelectorWriter;
import io.kulta.kube.StatusPacing;
import io.kulta.kube.StatusUpdater;
import io.kulta.kube.UnreadableRollouts;
import io.kulta.kube.WrittenVersions;
import io.kulta.metrics.AnalysisMetrics;
import io.kulta.metrics.ControllerGauges;
import io.kulta.metrics.InformerRestarts;
import io.kulta.metrics.ReconcileMetrics;
import io.kulta.metrics.RolloutGauges;
import io.kulta.metrics.StatusWriteCounters;
import io.kulta.metrics.TransitionCounters;
import io.kulta.prometheus.AbAnalysisTargets;
import io.kulta.prometheus.AnalysisTargets;
import io.kulta.prometheus.LatestMeasurements;
import io.kulta.prometheus.PrometheusClient;
import io.kulta.prometheus.PrometheusSettings;
import io.kulta.queue.WorkQueue;
import io.kulta.queue.WorkQueueComponent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Binds the beans the routes (Java and YAML) call by name. The Kubernetes client and, in tests, the
 * clock are bound before this runs (see KultaApp).
 */
public class KultaConfiguration implements CamelConfiguration {
    static final String METRICS_REGISTRY = "metricsRegistry";
    @PropertyInject(value = "kulta.namespace", defaultValue = "")
    String namespace;
    @PropertyInject(value = "kulta.retryBaseMillis", defaultValue = "200")
    long retryBaseMillis;
    @PropertyInject(value = "kulta.retryMaxSeconds", defaultValue = "60")
    long retryMaxSeconds;
    @PropertyInject(value = "kulta.apiErrorReportSeconds", defaultValue = "60")
    long apiErrorReportSeconds;
    @PropertyInject(value = "kulta.podName", defaultValue = "")
    String podName;
    @PropertyInject(value = "kulta.prometheusAddress", defaultValue = "")
    String prometheusAddress;
    @PropertyInject(value = "kulta.prometheusTimeoutSeconds", defaultValue = "10")
    int prometheusTimeoutSeconds;
    @PropertyInject(value = "kulta.prometheusAllowed", defaultValue = "")
    String prometheusAllowed;
    @PropertyInject(value = "kulta.prometheusBearerTokenFile", defaultValue = "")
    String prometheusBearerTokenFile;
    @PropertyInject(value = "kulta.prometheusCaFile", defaultValue = "")
    String prometheusCaFile;
    @PropertyInject(value = "kulta.prometheusHeaders", defaultValue = "")
    String prometheusHeaders;
    @PropertyInject(value = "kulta.cdeventsSource", defaultValue = "https://kulta.io")
    String cdeventsSource;
    @PropertyInject(value = "kulta.clusterName", defaultValue = "")
    String clusterName;
    @PropertyInject(value = "kulta.occurrenceDir", defaultValue = "/tmp/kulta")
    String occurrenceDir;
    @PropertyInject(value = "kulta.trafficSettleSeconds", defaultValue = "5")
    long trafficSettleSeconds;
    @PropertyInject(value = "kulta.resyncSeconds", defaultValue = "30")
    long resyncSeconds;
    /** An informer that has not watched for longer than the resync, and at least this, is restarted. */
    static final Duration INFORMER_RESTART_FLOOR = Duration.ofSeconds(5);
    @PropertyInject(value = "kulta.cleanupTimeoutSeconds", defaultValue = "60")
    long cleanupTimeoutSeconds;
    @PropertyInject(value = "kulta.maxConcurrentRollouts", defaultValue = "0")
    int maxConcurrentRollouts;
    @PropertyInject(value = "kulta.statusObservationSeconds", defaultValue = "5")
    double statusObservationSeconds;
    @PropertyInject(value = "kulta.leaderElection", defaultValue = "false")
    String leaderElection;
    @PropertyInject(value = "kulta.podNamespace", defaultValue = "kulta-system")
    String podNamespace;
    @PropertyInject(value = "kulta.leaseName", defaultValue = "kulta-controller-leader")
    String leaseName;
    @PropertyInject(value = "kulta.leaseDurationSeconds", defaultValue = "15")
    double leaseDurationSeconds;
    @PropertyInject(value = "kulta.leaseRenewSeconds", defaultValue = "5")
    double leaseRenewSeconds;
    @PropertyInject(value = "kulta.leaseRetrySeconds", defaultValue = "2")
    double leaseRetrySeconds;

    @Override
    public void configure(CamelContext context) throws Exception {
        Registry registry = context.getRegistry();
        KubernetesClient client = registry.lookupByNameAndType("kubernetesClient", KubernetesClient.class);
        if (client == null) throw new IllegalStateException("no kubernetesClient bean bound");
        Clock clock = registry.lookupByNameAndType("clock", Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
            registry.bind("clock", clock);
        }

        MeterRegistry meters = meterRegistry(registry);
        WorkQueue queue = new WorkQueue(Duration.ofMillis(retryBaseMillis), Duration.ofSeconds(retryMaxSeconds));
        context.addComponent("kulta-queue", new WorkQueueComponent(queue));
        KubeCaches caches = new KubeCaches(client, namespace, queue::add, informerRestartAfter(),
                new InformerRestarts(meters, List.of("Rollout", "ReplicaSet", "Service", "HTTPRoute")));
        context.addService(new InformersService(caches, queue));
        registry.bind("informersSyncedCheck", new InformersSyncedCheck(caches));
        caches.addRolloutHandler(new RolloutGauges(meters, caches));
        FleetAdmission admission = new FleetAdmission(caches, maxConcurrentRollouts, queue::add);
        caches.addRolloutHandler(admission);
        registry.bind("fleetAdmission", admission);
        registry.bind("queuedPlanner", new QueuedPlanner(maxConcurrentRollouts));
        context.addRoutePolicyFactory(new ReconcileMetrics(meters));
        ControllerGauges.register(meters, queue, registry);
        registry.bind("transitionCounters", new TransitionCounters(meters));
        registry.bind("analysisMetrics", new AnalysisMetrics(meters));
        WrittenVersions written = new WrittenVersions();
        StatusUpdater statuses = new StatusUpdater(client, written);

        registry.bind("workQueue", queue);
        registry.bind("writtenVersions", written);
        registry.bind("kubeCaches", caches);
        LatestMeasurements measurements = new LatestMeasurements(queue, clock);
        KubernetesClient eventsClient = registry.lookupByNameAndType("eventsClient", KubernetesClient.class);
        KubeEvents kubeEvents = new KubeEvents(eventsClient != null ? eventsClient : client, podName);
        ApiErrorReporter apiErrors = new ApiErrorReporter(statuses, kubeEvents, clock, Duration.ofSeconds(apiErrorReportSeconds));
        registry.bind("observer", new Observer(caches, written, clock, measurements::latest, key -> {
            measurements.forget(key);
            apiErrors.forget(key);
            queue.forgetDeleted(key);
        }, queue::addAfter));
        registry.bind("analysisTargets", new AnalysisTargets(caches, prometheusAddress));
        registry.bind("abAnalysisTargets", new AbAnalysisTargets(caches, prometheusAddress, clock));
        registry.bind("measurements", measurements);
        registry.bind("prometheusClient", new PrometheusClient(PrometheusSettings.of(prometheusTimeoutSeconds, prometheusAddress,
                prometheusAllowed, prometheusBearerTokenFile, prometheusCaFile, prometheusHeaders)));
        registry.bind("planners", new Planners(Duration.ofSeconds(trafficSettleSeconds)));
        ReplicaSetWriter replicaSetWriter = new ReplicaSetWriter(client, written);
        registry.bind("replicaSetWriter", replicaSetWriter);
        ServiceSelectorWriter serviceSelectorWriter = new ServiceSelectorWriter(client, caches, written);
        registry.bind("serviceSelectorWriter", serviceSelectorWriter);
        HttpRouteWriter httpRouteWriter = new HttpRouteWriter(client, caches, written);
        registry.bind("httpRouteWriter", httpRouteWriter);
        RolloutEvents rolloutEvents = new RolloutEvents(clock, caches);
        registry.bind("rolloutEvents", rolloutEvents);
        registry.bind("unreadableRollouts", new UnreadableRollouts(client, caches, written, rolloutEvents, clock));
        registry.bind("rolloutWriter", new RolloutWriter(client, statuses, rolloutEvents,
                new StatusPacing(Duration.ofMillis((long) (statusObservationSeconds * 1000)), queue::addAfter),
                new StatusWriteCounters(meters)));
        registry.bind("apiErrorReporter", apiErrors);
        AbRouteWriter abRouteWriter = new AbRouteWriter(client, caches, written);
        registry.bind("abRouteWriter", abRouteWriter);
        registry.bind("cleanup", new Cleanup(Duration.ofSeconds(cleanupTimeoutSeconds)));
        registry.bind("cleanupWriter", new CleanupWriter(serviceSelectorWriter, httpRouteWriter, abRouteWriter, replicaSetWriter));
        registry.bind("finalizers", new Finalizers(client, written));
        registry.bind("kubeEvents", kubeEvents);
        registry.bind("cdEvents", new CdEvents(cdeventsSource, UUID::randomUUID));
        registry.bind("falseOccurrences", new FalseOccurrences(clusterName));
        registry.bind("occurrenceFile", new OccurrenceFile(occurrenceDir));
        registry.bind("eventCounters", new EventCounters(meters));
        leaderElection(context, registry, client, caches, queue);
    }

    /**
     * The cluster service camel-master uses: a Lease election when KULTA_LEADER_ELECTION is on, else one that always
     * leads, so routes are the same in both modes. Every route that writes carries {@code leaderPolicy}; a new leader
     * re-reads every Rollout from its (warm) caches.
     */
    private void leaderElection(CamelContext context, Registry registry, KubernetesClient client, KubeCaches caches, WorkQueue queue)
            throws Exception {
        Leadership leadership = registry.lookupByNameAndType("leadership", Leadership.class);
        if (leadership == null) throw new IllegalStateException("no leadership bean bound");
        leadership.onGained(() -> caches.rolloutKeys().forEach(queue::add));
        CamelClusterService cluster;
        if ("true".equalsIgnoreCase(leaderElection) || "1".equals(leaderElection)) {
            LeaseTimings timings = LeaseTimings.ofSeconds(leaseDurationSeconds, leaseRenewSeconds, leaseRetrySeconds);
            cluster = new LeaseClusterService(electionClient(client, timings), podNamespace, leaseName, podName, timings, leadership);
        } else {
            cluster = new AlwaysLeaderClusterService(leadership, podName);
        }
        context.addService(cluster);
        registry.bind("leaderPolicy", ClusteredRoutePolicy.forNamespace(cluster, LeaseClusterService.NAMESPACE));
    }

    /** The election's own client: unfenced, and failing fast (about a retry period) so a partition cannot stall it. */
    private static KubernetesClient electionClient(KubernetesClient client, LeaseTimings timings) {
        int timeout = (int) Math.max(500, timings.retryPeriod().toMillis());
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestTimeout(timeout).withConnectionTimeout(timeout).withRequestRetryBackoffLimit(0).build()).build();
    }

    /** The registry camel-micrometer uses too (it adopts a PrometheusMeterRegistry bound under this name). */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry meters = registry.lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(METRICS_REGISTRY, meters);
        }
        return meters;
    }

    /**
     * The resync period, but never under {@link #INFORMER_RESTART_FLOOR}: fabric8's own re-watch after a 410 or a
     * closed watch takes a moment, and a short resync (tests run with 1 s) must not turn each of those into a restart.
     */
    private Duration informerRestartAfter() {
        Duration resync = Duration.ofSeconds(resyncSeconds);
        return resync.compareTo(INFORMER_RESTART_FLOOR) < 0 ? INFORMER_RESTART_FLOOR : resync;
    }
}
