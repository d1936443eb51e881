package io.kulta.playground;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * A stand-in for Prometheus' {@code /api/v1/query} (GET or form POST) when no {@code prometheus} binary is installed:
 * it answers the controller's built-in analysis queries from the traffic simulator's counters and every other query
 * with Prometheus' {@code bad_data} error, so a custom metric meets the Rollout's failurePolicy, never a made-up number.
 */
final class SimulatedPrometheus implements MetricsBackend {
    static final String NOT_UNDERSTOOD = "simulated Prometheus understands only the controller's built-in queries "
            + "(error-rate, latency-p95/p99, the request counts and the A/B error-rate counts); install prometheus for any other query";

    private final ObjectMapper json = new ObjectMapper();
    private final SimulatedQueries queries;
    private final HttpServer server;

    SimulatedPrometheus(TrafficSimulator traffic) {
        this.queries = new SimulatedQueries(traffic.history());
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/query", this::query);
        server.start();
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public String description() {
        return "simulated Prometheus query API (no prometheus on PATH), answering the built-in analysis queries from the traffic simulator";
    }

    private void query(HttpExchange exchange) throws IOException {
        String form = exchange.getRequestMethod().equals("POST")
                ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                : Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        String promql = param(form, "query");
        if (promql == null) {
            send(exchange, 400, error("bad_data", "invalid parameter \"query\": no query given"));
            return;
        }
        Optional<ControllerQueries.Parsed> parsed = ControllerQueries.parse(promql);
        if (parsed.isEmpty()) {
            send(exchange, 400, error("bad_data", NOT_UNDERSTOOD));
            return;
        }
        Instant now = Instant.now();
        ObjectNode root = json.createObjectNode().put("status", "success");
        ObjectNode data = root.putObject("data").put("resultType", "vector");
        ArrayNode result = data.putArray("result");
        queries.answer(parsed.get(), now).forEach((labels, value) -> {
            ObjectNode element = result.addObject();
            ObjectNode metric = element.putObject("metric");
            labels.forEach(metric::put);
            element.putArray("value").add(MetricsHistory.seconds(now)).add(format(value));
        });
        send(exchange, 200, root);
    }

    private ObjectNode error(String type, String message) {
        return json.createObjectNode().put("status", "error").put("errorType", type).put("error", message);
    }

    private void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String param(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name))
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
        return null;
    }

    /** As Prometheus writes sample values: NaN, +Inf, -Inf or the number. */
    private static String format(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        return Double.toString(v);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
