package io.kulta;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kulta.ha.Leadership;
import io.kulta.ha.WriteFence;
import io.kulta.metrics.ApiRequestMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The controller: camel-main with KULTA's configuration, Java routes and the YAML routes users edit.
 * The jar's main and the tests build it the same way; only properties and bound beans differ.
 */
public final class KultaApp implements AutoCloseable {
    /** YAML routes shipped in the jar, used when the routes directory does not exist. */
    static final String BUNDLED_ROUTES = "classpath:kulta-routes/*.yaml";
    static final String METRICS_REGISTRY = "metricsRegistry";

    private final Main main;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final KubernetesClient fencedClient;
    private final KubernetesClient eventsClient;

    private KultaApp(Main main, KubernetesClient client, boolean ownsClient, KubernetesClient fencedClient,
                     KubernetesClient eventsClient) {
        this.eventsClient = eventsClient;
        this.main = main;
        this.client = client;
        this.ownsClient = ownsClient;
        this.fencedClient = fencedClient;
    }

    /**
     * @param properties Camel/KULTA properties that override application.properties
     * @param beans      beans bound before start, e.g. a {@code kubernetesClient} or a {@code clock}
     */
    public static KultaApp create(KubernetesClient client, boolean ownsClient, Map<String, String> properties,
                                  Map<String, Object> beans) {
        Map<String, String> props = new HashMap<>(properties);
        String identity = props.get("kulta.podName");
        if (identity == null || identity.isBlank()) props.put("kulta.podName", identity = hostName());
        Leadership leadership = new Leadership();
        MeterRegistry meters = beans.get(METRICS_REGISTRY) instanceof MeterRegistry bound
                ? bound : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KubernetesClient fenced = fenced(client.getConfiguration(), leadership, identity, meters);
        // Events retry in their sink's route; without the client's own retries a stop never waits on a gone API
        KubernetesClient events = fenced(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build(),
                leadership, identity, meters);
        Main main = new Main(KultaMain.class);
        props.forEach(main::addOverrideProperty);
        main.configure().withRoutesIncludePattern(routesPattern(props.getOrDefault("kulta.routesDir", "routes")));
        main.bind("kubernetesClient", fenced);
        main.bind("eventsClient", events);
        main.bind("leadership", leadership);
        main.bind(METRICS_REGISTRY, meters);   // camel-micrometer adopts it; so do KULTA's meters
        beans.forEach(main::bind);
        return new KultaApp(main, client, ownsClient, fenced, events);
    }

    /**
     * The controller's own client: the given one's configuration, its writes behind the {@link WriteFence}, its requests
     * counted ({@link ApiRequestMetrics}), and a user agent naming this instance, so the API server's audit log tells the
     * instances apart.
     */
    static KubernetesClient fenced(Config base, Leadership leadership, String identity, MeterRegistry meters) {
        Config config = new ConfigBuilder(base).withUserAgent("kulta/" + identity).build();
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(http -> http
                        .addOrReplaceInterceptor(WriteFence.NAME, new WriteFence(leadership))
                        .addOrReplaceInterceptor(ApiRequestMetrics.NAME, new ApiRequestMetrics(meters)))
                .build();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "kulta-" + ProcessHandle.current().pid();
        }
    }

    static String routesPattern(String routesDir) {
        Path dir = Path.of(routesDir);
        return Files.isDirectory(dir) ? "file:" + dir.toAbsolutePath() + "/*.yaml" : BUNDLED_ROUTES;
    }

    /** Starts the controller and returns once its routes run. */
    public KultaApp start() throws Exception {
        main.start();
        return this;
    }

    /** Starts the controller and blocks until the JVM is asked to stop (SIGTERM, Ctrl-C). */
    public void run() throws Exception {
        try {
            main.run();
        } finally {
            closeClient();
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() throws Exception {
        try {
            main.stop();
        } finally {
            closeClient();
        }
    }

    private void closeClient() {
        fencedClient.close();
        eventsClient.close();
        if (ownsClient) client.close();
    }
}
