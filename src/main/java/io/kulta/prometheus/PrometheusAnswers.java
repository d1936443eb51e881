package io.kulta.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kulta.core.analysis.PromAnswer;
import io.kulta.core.analysis.PromAnswer.Problem;
import io.kulta.core.analysis.PromQuery;
import io.kulta.core.analysis.PrometheusAddress;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Prometheus' /api/v1/query answers: an instant vector, or an error that names the host and says
 * why not. Of a body only Prometheus' own {@code errorType} and {@code error} fields ever reach a message.
 */
public final class PrometheusAnswers {
    private final ObjectMapper json = new ObjectMapper();

    /** The form body of a POST to /api/v1/query (long batched queries do not fit in a URL). */
    public static String formBody(PromQuery query) {
        return "query=" + URLEncoder.encode(query.promql(), StandardCharsets.UTF_8);
    }

    public PromAnswer parse(PromQuery query, String body, int httpStatus) {
        String host = PrometheusAddress.host(query.prometheus());
        JsonNode root;
        try {
            root = json.readTree(body == null ? "" : body);
        } catch (Exception e) {
            root = null;
        }
        if (root == null || !root.isObject())
            return badResponse(query, host + ": bad response (HTTP " + httpStatus + ", not a Prometheus answer)");
        if (!"success".equals(root.path("status").asText())) {
            String error = (root.path("errorType").asText("") + ": " + root.path("error").asText("")).replaceAll("^: |: $", "");
            if ("error".equals(root.path("status").asText()) && !error.isBlank())
                return PromAnswer.failed(query, Problem.REJECTED, host + " rejected the query (HTTP " + httpStatus + "): " + error);
            return badResponse(query, host + ": bad response (HTTP " + httpStatus + ", no success status)");
        }
        JsonNode data = root.path("data");
        if (!"vector".equals(data.path("resultType").asText()))
            return badResponse(query, host + ": bad response (expected an instant vector, got " + data.path("resultType").asText("nothing") + ")");
        List<PromAnswer.Series> series = new ArrayList<>();
        for (JsonNode element : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            element.path("metric").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            // value is [<unix time with fractional seconds>, "<number as string>"]; "NaN", "+Inf" parse as doubles
            Double value = parseValue(element.path("value").path(1));
            if (value == null) return badResponse(query, host + ": bad response (a sample without a numeric value)");
            series.add(new PromAnswer.Series(labels, value));
        }
        return new PromAnswer(query, series, null, null);
    }

    private static PromAnswer badResponse(PromQuery query, String why) {
        return PromAnswer.failed(query, Problem.BAD_RESPONSE, why);
    }

    private static Double parseValue(JsonNode node) {
        if (!node.isTextual()) return null;
        return switch (node.asText()) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(node.asText());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }
}
