package io.kulta.testing.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server in front of a real Prometheus. The queries of one analysis tick (requests that arrive
 * within {@link #TICK_GAP} of each other) share one decision of the {@link PrometheusFaultSchedule}: forwarded as
 * they are, or spoiled by one {@link PrometheusFault}. Every spoiled tick is logged with the schedule's seed.
 */
public final class PrometheusFaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusFaultProxy.class);
    static final Duration TICK_GAP = Duration.ofMillis(300);

    /** One analysis tick as the proxy saw it: its number, the schedule's seed and the fault (null when forwarded). */
    public record Tick(long number, long seed, PrometheusFault fault, int requests) {
    }

    private final String upstream;
    private final Duration slowBy;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Tick> ticks = new CopyOnWriteArrayList<>();
    private volatile PrometheusFaultSchedule schedule = PrometheusFaultSchedule.healthy();
    private long lastArrival = Long.MIN_VALUE;

    /** @param slowBy how late a {@link PrometheusFault#SLOW} reply comes: more than the controller's timeout */
    public PrometheusFaultProxy(String upstream, Duration slowBy) {
        this.upstream = upstream.replaceAll("/+$", "");
        this.slowBy = slowBy;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From the next tick on, spoil ticks as this schedule says. */
    public void follow(PrometheusFaultSchedule next) {
        LOG.info("prometheus fault schedule: seed={}", next.seed());
        this.schedule = next;
    }

    public List<Tick> ticks() {
        return List.copyOf(ticks);
    }

    /** Spoiled ticks by fault. */
    public Map<PrometheusFault, Integer> injected() {
        Map<PrometheusFault, Integer> out = new EnumMap<>(PrometheusFault.class);
        for (Tick t : ticks) if (t.fault() != null) out.merge(t.fault(), 1, Integer::sum);
        return out;
    }

    /** The most ticks in a row with a fault of this outcome (ticks of another fault or forwarded ones end a run). */
    public int longestRun(PrometheusFault.Outcome outcome) {
        int longest = 0, run = 0;
        for (Tick t : ticks) {
            run = t.fault() != null && t.fault().outcome == outcome ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Tick tick = tickOf();
        PrometheusFault fault = tick.fault();
        if (fault == null) {
            forward(exchange, body, null);
            return;
        }
        switch (fault) {
            case HTTP_500 -> reply(exchange, 500, "text/plain", "internal server error");
            case HTTP_503 -> reply(exchange, 503, "text/plain", "Service Unavailable");
            case SLOW -> {
                sleep(slowBy);
                forward(exchange, body, null);
            }
            case DROPPED -> throw new IOException("dropped by the fault proxy");   // the server closes the connection unanswered
            case NOT_JSON -> reply(exchange, 200, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
            case WRONG_SHAPE -> reply(exchange, 200, "application/json", tick.number() % 2 == 0
                    ? "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"
                    : "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1.5,0.25]}]}}");
            case STATUS_ERROR -> reply(exchange, 422, "application/json",
                    "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query processing would load too many samples into memory\"}");
            case EMPTY_VECTOR -> reply(exchange, 200, "application/json", FakePrometheus.EMPTY_VECTOR);
            case NAN_VALUES, INF_VALUES, NAN_IN_ONE_SERIES, INF_IN_ONE_SERIES -> forward(exchange, body, fault);
        }
    }

    /** Requests closer together than TICK_GAP belong to one tick; the first of a tick asks the schedule. */
    private synchronized Tick tickOf() {
        long now = System.nanoTime();
        boolean sameTick = lastArrival != Long.MIN_VALUE && now - lastArrival < TICK_GAP.toNanos() && !ticks.isEmpty();
        lastArrival = now;
        if (sameTick) {
            Tick last = ticks.get(ticks.size() - 1);
            Tick counted = new Tick(last.number(), last.seed(), last.fault(), last.requests() + 1);
            ticks.set(ticks.size() - 1, counted);
            return counted;
        }
        PrometheusFaultSchedule s = schedule;
        Optional<PrometheusFault> fault = s.nextTick();
        Tick tick = new Tick(ticks.size() + 1, s.seed(), fault.orElse(null), 1);
        ticks.add(tick);
        fault.ifPresent(f -> LOG.info("prometheus fault: seed={} tick={} fault={}", s.seed(), tick.number(), f));
        return tick;
    }

    private void forward(HttpExchange exchange, byte[] body, PrometheusFault valueFault) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(10))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null) request.header("Content-Type", type);
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String answer = valueFault == null ? response.body() : withValues(response.body(), valueFault);
        reply(exchange, response.statusCode(), "application/json", answer);
    }

    /** Prometheus' answer with its sample values replaced as the fault says. */
    private String withValues(String answer, PrometheusFault fault) throws IOException {
        JsonNode root = json.readTree(answer);
        JsonNode result = root.path("data").path("result");
        if (!result.isArray() || result.isEmpty()) return answer;
        String value = fault == PrometheusFault.NAN_VALUES || fault == PrometheusFault.NAN_IN_ONE_SERIES ? "NaN" : "+Inf";
        List<Integer> hit = new ArrayList<>();
        if (fault == PrometheusFault.NAN_VALUES || fault == PrometheusFault.INF_VALUES)
            for (int i = 0; i < result.size(); i++) hit.add(i);
        else hit.add(schedule.pick(result.size()));
        for (int i : hit) {
            JsonNode sample = result.get(i).path("value");
            if (sample instanceof ArrayNode pair && pair.size() == 2) pair.set(1, json.getNodeFactory().textNode(value));
        }
        return json.writeValueAsString(root);
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
