package io.kulta.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kulta.core.analysis.PromAnswer;
import io.kulta.core.analysis.PromQuery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads Prometheus' /api/v1/query answers: an instant vector, or an error that says why not. */
public final class PrometheusAnswers {
    private final ObjectMapper json = new ObjectMapper();

    /** The form body of a POST to /api/v1/query (long batched queries do not fit in a URL). */
    public static String formBody(PromQuery query) {
        return "query=" + URLEncoder.encode(query.promql(), StandardCharsets.UTF_8);
    }

    public PromAnswer parse(PromQuery query, String body, Integer httpStatus) {
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (Exception e) {
            return PromAnswer.failed(query, "HTTP " + httpStatus + ": not a Prometheus answer");
        }
        if (root == null || !"success".equals(root.path("status").asText())) {
            String error = root == null ? "empty answer" : root.path("errorType").asText("") + " " + root.path("error").asText("");
            return PromAnswer.failed(query, "HTTP " + httpStatus + ": " + error.trim());
        }
        JsonNode data = root.path("data");
        if (!"vector".equals(data.path("resultType").asText()))
            return PromAnswer.failed(query, "expected an instant vector, got " + data.path("resultType").asText());
        List<PromAnswer.Series> series = new ArrayList<>();
        for (JsonNode element : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            element.path("metric").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            // value is [<unix time with fractional seconds>, "<number as string>"]; "NaN", "+Inf" parse as doubles
            series.add(new PromAnswer.Series(labels, parseValue(element.path("value").path(1).asText())));
        }
        return new PromAnswer(query, series, null);
    }

    public PromAnswer unreachable(PromQuery query, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return PromAnswer.failed(query, query.prometheus() + " unreachable: " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : " " + root.getMessage()));
    }

    private static double parseValue(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
