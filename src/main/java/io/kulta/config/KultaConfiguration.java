package io.kulta.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.core.BlueGreenPlanner;
import io.kulta.core.CanaryPlanner;
import io.kulta.core.AbTestingPlanner;
import io.kulta.core.SimplePlanner;
import io.kulta.events.CdEvents;
import io.kulta.events.EventCounters;
import io.kulta.events.FalseOccurrences;
import io.kulta.events.OccurrenceFile;
import io.kulta.kube.AbRouteWriter;
import io.kulta.kube.ApiErrorReporter;
import io.kulta.kube.HttpRouteWriter;
import io.kulta.kube.KubeCaches;
import io.kulta.kube.KubeEvents;
import io.kulta.kube.Observer;
import io.kulta.kube.ReplicaSetWriter;
import io.kulta.kube.RolloutWriter;
import io.kulta.kube.ServiceSelectorWriter;
import io.kulta.kube.StatusUpdater;
import io.kulta.kube.WrittenVersions;
import io.kulta.prometheus.AbAnalysisTargets;
import io.kulta.prometheus.AnalysisTargets;
import io.kulta.prometheus.LatestMeasurements;
import io.kulta.prometheus.PrometheusAnswers;
import io.kulta.queue.WorkQueue;
import io.kulta.queue.WorkQueueComponent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.RoutePolicySupport;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
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
    @PropertyInject(value = "kulta.cacheSyncSeconds", defaultValue = "60")
    long cacheSyncSeconds;
    @PropertyInject(value = "kulta.apiErrorReportSeconds", defaultValue = "60")
    long apiErrorReportSeconds;
    @PropertyInject(value = "kulta.podName", defaultValue = "")
    String podName;
    @PropertyInject(value = "kulta.prometheusAddress", defaultValue = "")
    String prometheusAddress;
    @PropertyInject(value = "kulta.cdeventsSource", defaultValue = "https://kulta.io")
    String cdeventsSource;
    @PropertyInject(value = "kulta.clusterName", defaultValue = "")
    String clusterName;
    @PropertyInject(value = "kulta.occurrenceDir", defaultValue = "/tmp/kulta")
    String occurrenceDir;

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

        WorkQueue queue = new WorkQueue(Duration.ofMillis(retryBaseMillis), Duration.ofSeconds(retryMaxSeconds));
        context.addComponent("kulta-queue", new WorkQueueComponent(queue));
        KubeCaches caches = new KubeCaches(client, namespace, queue::add);
        context.addService(new InformersService(caches, queue, Duration.ofSeconds(cacheSyncSeconds)));
        WrittenVersions written = new WrittenVersions();
        StatusUpdater statuses = new StatusUpdater(client, written);

        registry.bind("workQueue", queue);
        registry.bind("writtenVersions", written);
        registry.bind("kubeCaches", caches);
        LatestMeasurements measurements = new LatestMeasurements(queue, clock);
        KubeEvents kubeEvents = new KubeEvents(client, podName.isBlank() ? InetAddress.getLocalHost().getHostName() : podName);
        ApiErrorReporter apiErrors = new ApiErrorReporter(statuses, kubeEvents, clock, Duration.ofSeconds(apiErrorReportSeconds));
        registry.bind("observer", new Observer(caches, written, clock, measurements::latest, key -> {
            measurements.forget(key);
            apiErrors.forget(key);
            queue.forgetDeleted(key);
        }));
        registry.bind("analysisTargets", new AnalysisTargets(caches, prometheusAddress));
        registry.bind("abAnalysisTargets", new AbAnalysisTargets(caches, prometheusAddress, clock));
        registry.bind("measurements", measurements);
        registry.bind("prometheusAnswers", new PrometheusAnswers());
        registry.bind("canaryPlanner", new CanaryPlanner());
        registry.bind("blueGreenPlanner", new BlueGreenPlanner());
        registry.bind("simplePlanner", new SimplePlanner());
        registry.bind("abTestingPlanner", new AbTestingPlanner());
        registry.bind("replicaSetWriter", new ReplicaSetWriter(client));
        registry.bind("serviceSelectorWriter", new ServiceSelectorWriter(client, caches));
        registry.bind("httpRouteWriter", new HttpRouteWriter(client, caches));
        registry.bind("rolloutWriter", new RolloutWriter(client, statuses, clock));
        registry.bind("apiErrorReporter", apiErrors);
        registry.bind("abRouteWriter", new AbRouteWriter(client, caches));
        registry.bind("kubeEvents", kubeEvents);
        registry.bind("cdEvents", new CdEvents(cdeventsSource, UUID::randomUUID));
        registry.bind("falseOccurrences", new FalseOccurrences(clusterName));
        registry.bind("occurrenceFile", new OccurrenceFile(occurrenceDir));
        registry.bind("eventCounters", new EventCounters(meterRegistry(registry)));
        // Leader election replaces this no-op policy; routes that write to the cluster reference it by name.
        registry.bind("leaderPolicy", new RoutePolicySupport() { });
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
}
