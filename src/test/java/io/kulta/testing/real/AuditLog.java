package io.kulta.testing.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** kube-apiserver's JSON audit log (LocalApiServer logs writes only), read as the writes it answered or as its events. */
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
        return eventsSince(log, 0).stream().map(AuditLog::write).toList();
    }

    /** Where the log ends now: what {@link #eventsSince} reads after. */
    static long end(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events logged after this byte offset (an {@link #end} taken earlier), each as the JSON it was logged as. */
    static List<JsonNode> eventsSince(Path log, long offset) {
        if (!Files.exists(log)) return List.of();
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(offset);
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<JsonNode> events = new ArrayList<>();
            for (String line = lines.readLine(); line != null; line = lines.readLine())
                if (!line.isBlank()) events.add(event(line));
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode event(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable audit event: " + line.substring(0, Math.min(200, line.length())), e);
        }
    }

    private static Write write(JsonNode event) {
        JsonNode object = event.path("objectRef");
        return new Write(event.path("user").path("username").asText(), event.path("userAgent").asText(),
                event.path("verb").asText(), object.path("namespace").asText(), object.path("resource").asText(),
                object.path("subresource").asText(), object.path("name").asText(),
                event.path("responseStatus").path("code").asInt(), Instant.parse(event.path("requestReceivedTimestamp").asText()));
    }
}
