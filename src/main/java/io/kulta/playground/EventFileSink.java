package io.kulta.playground;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The CDEvents sink a pipeline would be: an HTTP endpoint on loopback that appends every CloudEvent it is sent, one JSON
 * document per line, to a file the user can read.
 */
public final class EventFileSink implements AutoCloseable {
    private final HttpServer server;
    private final Path file;

    public EventFileSink(Path file) throws IOException {
        this.file = file;
        Files.deleteIfExists(file);
        Files.createFile(file);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                String event = new String(body.readAllBytes(), StandardCharsets.UTF_8).replace("\n", " ").strip();
                append(event);
                exchange.sendResponseHeaders(202, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private synchronized void append(String line) throws IOException {
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cdevents";
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
