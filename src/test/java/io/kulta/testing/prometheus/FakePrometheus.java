package io.kulta.testing.prometheus;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-test HTTP(S) server in Prometheus' place: it records every request (headers and the decoded
 * {@code query}) and answers what the test says, by default an empty instant vector.
 */
public final class FakePrometheus implements AutoCloseable {
    public static final String EMPTY_VECTOR = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";

    /** One request: lower-case header names → first value, and the PromQL it asked. */
    public record Request(String path, Map<String, String> headers, String query) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private volatile Function<String, Answer> answers = q -> new Answer(200, EMPTY_VECTOR);

    public FakePrometheus() {
        this(null);
    }

    /** With an SSL context: an https server. */
    public FakePrometheus(SSLContext tls) {
        try {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", 0);
            if (tls == null) {
                server = HttpServer.create(at, 0);
            } else {
                HttpsServer https = HttpsServer.create(at, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = form.startsWith("query=") ? URLDecoder.decode(form.substring(6), StandardCharsets.UTF_8) : form;
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            received.add(new Request(exchange.getRequestURI().getPath(), headers, query));
            Answer a = answers.apply(query);
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public void answer(Function<String, Answer> answers) {
        this.answers = answers;
    }

    public String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Request> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
