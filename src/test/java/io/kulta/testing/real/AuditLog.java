package io.kulta.testing.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** kube-apiserver's JSON audit log (LocalApiServer logs writes only), read as the writes it answered. */
public final class AuditLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One write: who sent it, what it changed, when the server received it and what it answered. */
    public record Write(String user, String userAgent, String verb, String namespace, String resource, String subresource,
                        String name, int code, Instant received) {
        public String describe() {
            return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource) + " " + name + " → " + code;
        }
    }

    private AuditLog() {
    }

    static List<Write> read(Path log) {
        try {
            if (!Files.exists(log)) return List.of();
            return Files.readAllLines(log).stream().filter(l -> !l.isBlank()).map(AuditLog::write).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Write write(String line) {
        try {
            JsonNode event = JSON.readTree(line);
            JsonNode object = event.path("objectRef");
            return new Write(event.path("user").path("username").asText(), event.path("userAgent").asText(),
                    event.path("verb").asText(), object.path("namespace").asText(), object.path("resource").asText(),
                    object.path("subresource").asText(), object.path("name").asText(),
                    event.path("responseStatus").path("code").asInt(), Instant.parse(event.path("requestReceivedTimestamp").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable audit event: " + line, e);
        }
    }
}
