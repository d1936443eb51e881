package io.kulta.testing.real;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.playground.FaultPlan;
import io.kulta.playground.RequestLog;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP proxy on a free loopback port in front of the real kube-apiserver's https port, which answers the requests
 * its {@link FaultPlan} picks with that plan's faults, meaning what they mean on the mock (ApiServerLikeDispatcher):
 * 409, 429 (Retry-After: 1), 500 and 503 are answered here with a Status and never reach the server; a slow reply and
 * a dropped connection are applied by the server first; a closed watch is ended after its delay; a re-watch that is
 * gone gets the 410 a compacted resourceVersion gets. Every other request passes through, responses streamed as they
 * come (a watch is one long response). Every request (faulted or not) is recorded with its method, path and User-Agent.
 * Clients reach it over plain HTTP: their bearer token is a header like any other.
 */
public final class FaultyApiProxy implements AutoCloseable {
    /** The JDK client sets these itself and refuses them; the JDK server sets the framing of its answers itself. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(daemon("faulty-proxy"));
    private final ScheduledExecutorService watchCloser = Executors.newSingleThreadScheduledExecutor(daemon("faulty-proxy-watch-closer"));
    private final HttpClient upstream;
    private final Queue<RequestLog.Entry> requests = new ConcurrentLinkedQueue<>();
    private volatile FaultPlan faults;

    /** A proxy to the server at this https URL (its certificate is trusted whatever it is: the test server's is self-signed). */
    public FaultyApiProxy(String targetUrl) {
        this.target = URI.create(targetUrl);
        this.upstream = HttpClient.newBuilder().sslContext(trustingEveryone()).version(HttpClient.Version.HTTP_1_1)
                .executor(handlers).build();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** From now on the requests this plan picks get its faults; null: every request passes. */
    public void injectFaults(FaultPlan plan) {
        faults = plan;
    }

    /** Every request received so far, in arrival order. */
    public List<RequestLog.Entry> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        faults = null;
        server.stop(0);
        watchCloser.shutdownNow();
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            String userAgent = Optional.ofNullable(exchange.getRequestHeaders().getFirst("User-Agent")).orElse("");
            requests.add(new RequestLog.Entry(method, path, query, userAgent, System.nanoTime()));
            FaultPlan plan = faults;
            Optional<FaultPlan.Decision> decision = plan == null ? Optional.empty() : plan.decide(method, path, query, userAgent);
            if (decision.isEmpty()) {
                stream(exchange, forward(exchange, method, path, query));
                return;
            }
            FaultPlan.Decision d = decision.get();
            switch (d.fault()) {
                case CONFLICT, INTERNAL_ERROR, UNAVAILABLE -> answerStatus(exchange, d, Map.of());
                case TOO_MANY_REQUESTS -> answerStatus(exchange, d, Map.of("Retry-After", "1"));
                case REWATCH_GONE -> answerGone(exchange, d);
                case SLOW_REPLY -> {
                    HttpResponse<InputStream> response = forward(exchange, method, path, query);
                    // the fault is the delay itself: the client is meant to give up waiting meanwhile
                    TimeUnit.MILLISECONDS.sleep(d.delay().toMillis());
                    stream(exchange, response);
                }
                case DROPPED_CONNECTION -> {
                    forward(exchange, method, path, query).body().readAllBytes();
                    // closed before any answer: the JDK server then closes the connection itself
                }
                case WATCH_CLOSED -> {
                    HttpResponse<InputStream> watch = forward(exchange, method, path, query);
                    watchCloser.schedule(() -> closeQuietly(watch.body()), d.delay().toMillis(), TimeUnit.MILLISECONDS);
                    stream(exchange, watch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientOrServerGone) {
            // either side closed the connection: nothing to answer
        }
    }

    private HttpResponse<InputStream> forward(HttpExchange exchange, String method, String path, String query)
            throws IOException, InterruptedException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(query.isEmpty() ? path : path + "?" + query))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) values.forEach(v -> request.header(name, v));
        });
        return upstream.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Copies the response as it arrives, flushing each piece: a watch's events reach the client when they happen. */
    private static void stream(HttpExchange exchange, HttpResponse<InputStream> response) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":"))
                exchange.getResponseHeaders().put(name, values);
        });
        long length = response.headers().firstValueAsLong("Content-Length").orElse(0);
        boolean noBody = response.statusCode() == 204 || response.statusCode() == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : length);   // 0: chunked
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = response.body(); OutputStream out = exchange.getResponseBody()) {
            for (int n; (n = readOrEnd(in, buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    /** A watch closed by {@link #watchCloser} ends like one the server ends: its response ends, cleanly. */
    private static int readOrEnd(InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException closedHere) {
            return -1;
        }
    }

    private static void answerStatus(HttpExchange exchange, FaultPlan.Decision d, Map<String, String> headers) throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        answerJson(exchange, d.fault().status, status(d));
    }

    /**
     * As kube-apiserver answers a watch from a compacted resourceVersion: 200, then one ERROR event carrying the 410
     * Status, then the end of the response.
     */
    private static void answerGone(HttpExchange exchange, FaultPlan.Decision d) throws IOException {
        answerJson(exchange, 200, "{\"type\":\"ERROR\",\"object\":" + status(d) + "}\n");
    }

    private static void answerJson(HttpExchange exchange, int code, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String status(FaultPlan.Decision d) {
        return Serialization.asJson(new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure")
                .withCode(d.fault().status).withReason(switch (d.fault()) {
                    case CONFLICT -> "Conflict";
                    case TOO_MANY_REQUESTS -> "TooManyRequests";
                    case UNAVAILABLE -> "ServiceUnavailable";
                    case REWATCH_GONE -> "Expired";
                    default -> "InternalError";
                }).withMessage(d.message()).build());
    }

    private static SSLContext trustingEveryone() {
        X509TrustManager everyone = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{everyone}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
