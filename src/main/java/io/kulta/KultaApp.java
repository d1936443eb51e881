package io.kulta;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The controller: camel-main with KULTA's configuration, Java routes and the YAML routes users edit.
 * The jar's main and the tests build it the same way; only properties and bound beans differ.
 */
public final class KultaApp implements AutoCloseable {
    /** YAML routes shipped in the jar, used when the routes directory does not exist. */
    static final String BUNDLED_ROUTES = "classpath:kulta-routes/*.yaml";

    private final Main main;
    private final KubernetesClient client;
    private final boolean ownsClient;

    private KultaApp(Main main, KubernetesClient client, boolean ownsClient) {
        this.main = main;
        this.client = client;
        this.ownsClient = ownsClient;
    }

    /**
     * @param properties Camel/KULTA properties that override application.properties
     * @param beans      beans bound before start, e.g. a {@code kubernetesClient} or a {@code clock}
     */
    public static KultaApp create(KubernetesClient client, boolean ownsClient, Map<String, String> properties,
                                  Map<String, Object> beans) {
        Main main = new Main(KultaMain.class);
        properties.forEach(main::addOverrideProperty);
        main.configure().withRoutesIncludePattern(routesPattern(properties.getOrDefault("kulta.routesDir", "routes")));
        main.bind("kubernetesClient", client);
        beans.forEach(main::bind);
        return new KultaApp(main, client, ownsClient);
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
        if (ownsClient) client.close();
    }
}
