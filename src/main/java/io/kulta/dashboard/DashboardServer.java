package io.kulta.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kulta.cli.ApiErrors;
import io.kulta.cli.RolloutActions;
import io.kulta.cli.RolloutView;
import io.kulta.kube.RolloutReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kubectl kulta dashboard}: the Rollouts the user's kubeconfig can see, as a web page on the loopback interface,
 * live from watches. JSON under /api, live changes as server-sent events on /api/changes, the page and uPlot (from its
 * WebJar) as static files. The buttons' POSTs act with the user's client and rights; they are refused from any other
 * origin, and any request whose Host is not this loopback address is refused (DNS rebinding).
 */
public final class DashboardServer implements AutoCloseable {
    private static final Pattern DETAIL = Pattern.compile("/api/rollouts/([a-z0-9.-]+)/([a-z0-9.-]+)");
    private static final Pattern ACTION = Pattern.compile("/api/rollouts/([a-z0-9.-]+)/([a-z0-9.-]+)/([a-z-]+)");
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Map<String, String> STATIC = Map.of(
            "/", "dashboard/index.html",
            "/dashboard.js", "dashboard/dashboard.js",
            "/dashboard.css", "dashboard/dashboard.css",
            "/vendor/uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js",
            "/vendor/uPlot.min.css", UPLOT + "uPlot.min.css");

    private final KubernetesClient client;
    private final String namespace;
    private final FleetWatch fleet;
    private final AnalysisHistory history = new AnalysisHistory();
    private final ChangeStream changes;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kulta-dashboard");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final Set<String> allowedHosts;

    /**
     * Watches what {@code client} may see and serves it on 127.0.0.1:{@code port} (0: any free port).
     *
     * @param namespace the namespace shown, or null for all
     */
    public static DashboardServer start(KubernetesClient client, String namespace, int port) throws IOException {
        return new DashboardServer(client, namespace, port);
    }

    private DashboardServer(KubernetesClient client, String namespace, int port) throws IOException {
        this.client = client;
        this.namespace = namespace;
        this.fleet = new FleetWatch(client, namespace);
        this.changes = new ChangeStream(fleet);
        // every change from now on, then what the caches (full once FleetWatch is built) already hold; a measurement seen twice is kept once
        fleet.onChange(key -> {
            String[] parts = key.split("/", 2);
            fleet.rollout(parts[0], parts[1]).ifPresent(this::recordAnalysis);
        });
        fleet.rollouts().forEach(this::recordAnalysis);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        int bound = server.getAddress().getPort();
        this.allowedHosts = Set.of("127.0.0.1:" + bound, "localhost:" + bound);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    private void recordAnalysis(RolloutReader.Read read) {
        if (read.readable() && read.rollout().getStatus() != null) {
            history.record(FleetWatch.key(read.raw()), read.rollout().getStatus().lastAnalysis);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (host == null || !allowedHosts.contains(host)) {
                send(exchange, 403, "text/plain", "this dashboard answers only on " + url());
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST")) {
                post(exchange, path);
            } else if (!method.equals("GET")) {
                send(exchange, 405, "text/plain", "GET or POST only");
            } else if (path.equals("/api/rollouts")) {
                sendJson(exchange, 200, Map.of("namespace", namespace == null ? "" : namespace, "synced", fleet.synced(),
                        "rollouts", fleet.rollouts().stream().map(RolloutPages::row).toList()));
            } else if (path.equals("/api/changes")) {
                changes.serve(exchange);
            } else if (DETAIL.matcher(path).matches()) {
                Matcher m = DETAIL.matcher(path);
                m.matches();
                detail(exchange, m.group(1), m.group(2));
            } else if (STATIC.containsKey(path)) {
                resource(exchange, STATIC.get(path));
            } else {
                send(exchange, 404, "text/plain", "no such page: " + path);
            }
        }
    }

    private void detail(HttpExchange exchange, String ns, String name) throws IOException {
        Optional<RolloutReader.Read> read = fleet.rollout(ns, name);
        if (read.isEmpty()) {
            sendJson(exchange, 404, Map.of("message", "rollout " + name + " not found in namespace " + ns));
            return;
        }
        List<Event> events = List.of();
        String eventsProblem = null;
        try {
            events = client.v1().events().inNamespace(ns).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null && "Rollout".equals(e.getInvolvedObject().getKind())
                            && name.equals(e.getInvolvedObject().getName()))
                    .toList();
        } catch (KubernetesClientException e) {
            eventsProblem = ApiErrors.describe(e, client, "list", "events", "the Events of rollout " + name);
        }
        RolloutView view = read.get().readable()
                ? new RolloutView(read.get().rollout(), fleet.replicaSets(ns, name),
                fleet.route(ns, RolloutView.routeName(read.get().rollout())).orElse(null))
                : null;
        sendJson(exchange, 200, RolloutPages.detail(read.get(), view, history.of(ns + "/" + name), events, eventsProblem));
    }

    /** A button: same origin only, JSON only (a cross-site form cannot send it without a preflight this server refuses). */
    private void post(HttpExchange exchange, String path) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (origin == null || !allowedHosts.contains(origin.replaceFirst("^http://", ""))) {
            sendJson(exchange, 403, Map.of("ok", false, "message", "actions are accepted only from the dashboard's own page at " + url()));
            return;
        }
        if (type == null || !type.startsWith("application/json")) {
            sendJson(exchange, 415, Map.of("ok", false, "message", "actions are JSON requests"));
            return;
        }
        Matcher m = ACTION.matcher(path);
        Optional<RolloutActions> action = m.matches() ? RolloutActions.named(m.group(3)) : Optional.empty();
        if (action.isEmpty()) {
            sendJson(exchange, 404, Map.of("ok", false, "message", "no such action: " + path));
            return;
        }
        try {
            String done = action.get().apply(client, m.group(1), m.group(2));
            sendJson(exchange, 200, Map.of("ok", true, "message", done));
        } catch (KubernetesClientException e) {
            int code = e.getCode() >= 400 ? e.getCode() : 502;
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("ok", false);
            answer.put("code", e.getCode());
            answer.put("message", ApiErrors.describe(e, client, "patch", "rollouts.kulta.io", "rollout " + m.group(2)));
            sendJson(exchange, code, answer);
        }
    }

    private void resource(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                send(exchange, 500, "text/plain", "missing from the jar: " + name);
                return;
            }
            String type = name.endsWith(".html") ? "text/html" : name.endsWith(".css") ? "text/css" : "text/javascript";
            send(exchange, 200, type + "; charset=utf-8", in.readAllBytes());
        }
    }

    private void sendJson(HttpExchange exchange, int code, Object body) throws IOException {
        send(exchange, code, "application/json", json.writeValueAsBytes(body));
    }

    static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
        send(exchange, code, type + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int code, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'");
        exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        changes.close();
        server.stop(0);
        threads.shutdownNow();
        fleet.close();
    }
}
