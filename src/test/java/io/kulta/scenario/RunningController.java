package io.kulta.scenario;

import io.kulta.KultaApp;
import io.kulta.playground.FreeLoopbackPort;
import org.apache.camel.CamelContext;

import java.util.HashMap;
import java.util.Map;

/** The real controller wiring (KultaApp, as the jar builds it) running against a test cluster. */
public final class RunningController implements AutoCloseable {
    private final KultaApp app;
    private final int httpPort;

    private RunningController(KultaApp app, int httpPort) {
        this.app = app;
        this.httpPort = httpPort;
    }

    public static RunningController start(KultaCluster cluster, java.time.Clock clock, Map<String, String> extra) throws Exception {
        return start(cluster.controllerClient(), cluster, clock, extra);
    }

    /** As {@link #start(KultaCluster, java.time.Clock, Map)} with this client (e.g. one behind a proxy), which it closes. */
    public static RunningController start(io.fabric8.kubernetes.client.KubernetesClient client, KultaCluster cluster, java.time.Clock clock,
                                          Map<String, String> extra) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("kulta.namespace", cluster.namespace());
        props.put("kulta.resyncSeconds", "1");        // lets a moved test clock be noticed within a second
        props.put("kulta.retryBaseMillis", "50");
        props.put("kulta.trafficSettleSeconds", "0");  // a frozen test clock would never let a selector settle; see TrafficSafetyScenario
        props.put("kulta.httpPort", String.valueOf(FreeLoopbackPort.any()));   // several controllers and builds share the machine
        props.put("kulta.cliConnectorEnabled", "false");  // one a process: contexts in one JVM would delete each other's files
        props.putAll(extra);
        KultaApp app = KultaApp.create(client, true, props, Map.of("clock", clock));
        return new RunningController(app.start(), Integer.parseInt(props.get("kulta.httpPort")));
    }

    /** The base URL of its /healthz, /readyz and /metrics, e.g. {@code http://127.0.0.1:41234}. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public CamelContext context() {
        return app.context();
    }

    @Override
    public void close() throws Exception {
        app.close();
    }
}
