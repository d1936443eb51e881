package io.kulta.playground;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.kulta.KultaApp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the playground runs, on loopback: the mock API server with the Rollout CRD, per scenario namespace the
 * examples' prerequisites (a Gateway, the static-assets Service), a traffic simulator and (where analysis needs one) a metrics backend, the kubelet simulator, a CDEvents file
 * sink, and the real controller (production properties, leader election with one member, pauses compressed).
 * Closing it closes all of that in reverse order of starting.
 */
public final class PlaygroundCluster implements AutoCloseable {
    public static final String CONTROLLER_NAMESPACE = "playground";
    static final double REQUESTS_PER_SECOND = 40;
    static final Duration POD_START = Duration.ofMillis(300);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Path workDir;
    private final PlaygroundApi api;
    private final Map<String, TrafficSimulator> traffic = new LinkedHashMap<>();
    private final Map<String, MetricsBackend> metrics = new LinkedHashMap<>();
    private EventFileSink cdevents;
    private KultaApp controller;
    private int httpPort;

    private PlaygroundCluster(Path workDir, PlaygroundApi api) {
        this.workDir = workDir;
        this.api = track(api);
    }

    /**
     * @param namespaces      one per scenario
     * @param needMetrics     those of them whose Rollouts are analysed
     * @param httpPort        the controller's HTTP port; 0 = a free one
     * @param realApi         etcd + kube-apiserver from these binaries instead of the mock server, or null
     */
    public static PlaygroundCluster start(Path workDir, List<String> namespaces, Set<String> needMetrics, int httpPort,
                                          KubeBinaries realApi) throws Exception {
        PlaygroundCluster cluster = new PlaygroundCluster(workDir,
                realApi == null ? PlaygroundApi.mock() : PlaygroundApi.real(realApi, workDir.resolve("real-api")));
        try {
            cluster.startAll(namespaces, needMetrics, httpPort);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(List<String> namespaces, Set<String> needMetrics, int port) throws Exception {
        namespace(CONTROLLER_NAMESPACE);
        track(new KubeletSimulator(api.admin(), POD_START).podsComeUpOneAtATime());
        for (String ns : namespaces) {
            namespace(ns);
            ExamplePrerequisites.create(api.admin(), ns);
            TrafficSimulator sim = track(TrafficSimulator.start(api.newClient(ns), ns, REQUESTS_PER_SECOND, 0));
            traffic.put(ns, sim);
            if (needMetrics.contains(ns)) {
                Path dir = java.nio.file.Files.createDirectories(workDir.resolve("metrics-" + ns));
                metrics.put(ns, track(MetricsBackend.start(sim, dir)));
            }
        }
        cdevents = track(new EventFileSink(workDir.resolve("cdevents.jsonl")));
        httpPort = port == 0 ? FreeLoopbackPort.any() : port;
        controller = track(KultaApp.create(api.newClient(CONTROLLER_NAMESPACE), true, controllerProperties(), Map.of()).start());
    }

    /** application.properties plus what makes it a playground: local sinks, one-member leader election, short ticks. */
    Map<String, String> controllerProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kulta.httpPort", String.valueOf(httpPort));
        // loopback only: Jolokia on that port can stop routes
        props.put("camel.server.host", "127.0.0.1");
        props.put("camel.management.host", "127.0.0.1");
        props.put("kulta.leaderElection", "true");
        props.put("kulta.podName", "kulta-playground");
        props.put("kulta.podNamespace", CONTROLLER_NAMESPACE);
        metrics.values().stream().findFirst().ifPresent(m -> props.put("kulta.prometheusAddress", m.url()));
        props.put("kulta.cdeventsEnabled", "true");
        props.put("kulta.cdeventsSinkUrl", cdevents.url());
        props.put("kulta.falseEnabled", "true");
        props.put("kulta.occurrenceDir", workDir.toString());
        props.put("kulta.clusterName", "kulta-playground");
        // the controller's own waits, compressed like the examples' pauses (TimeCompression)
        props.put("kulta.resyncSeconds", "1");
        props.put("kulta.analysisInterval", "1s");
        props.put("kulta.trafficSettleSeconds", "1");
        return props;
    }

    private void namespace(String name) {
        api.admin().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .createOr(NonDeletingOperation::update);
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    public PlaygroundApi api() {
        return api;
    }

    public KubernetesClient client(String namespace) {
        return api.newClient(namespace);
    }

    public TrafficSimulator traffic(String namespace) {
        return traffic.get(namespace);
    }

    /** The metrics backend of an analysed namespace, or null. */
    public MetricsBackend metrics(String namespace) {
        return metrics.get(namespace);
    }

    public List<String> metricsDescriptions() {
        return metrics.values().stream().map(MetricsBackend::description).distinct().toList();
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path cdeventsFile() {
        return cdevents.file();
    }

    public Path occurrencesFile() {
        return workDir.resolve("occurrence.json");
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("kulta: stopping a part of the playground failed: " + e);
            }
        }
    }
}
