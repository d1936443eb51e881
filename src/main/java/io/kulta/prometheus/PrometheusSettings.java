package io.kulta.prometheus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the controller talks to Prometheus (SPEC §4, §6): the per-request timeout, the address prefixes
 * per-Rollout addresses must lie under (empty: any http/https), and the controller-level credentials.
 *
 * @param defaultAddress  KULTA_PROMETHEUS_ADDRESS, or null
 * @param allowed         KULTA_PROMETHEUS_ALLOWED prefixes; empty when not set
 * @param bearerTokenFile KULTA_PROMETHEUS_BEARER_TOKEN_FILE, read for every request (tokens rotate), or null
 * @param caFile          KULTA_PROMETHEUS_CA_FILE: PEM certificates trusted for https, or null (the JDK's)
 * @param headers         KULTA_PROMETHEUS_HEADERS
 */
public record PrometheusSettings(Duration timeout, String defaultAddress, List<String> allowed, Path bearerTokenFile,
                                 Path caFile, Map<String, String> headers) {

    public static PrometheusSettings of(int timeoutSeconds, String defaultAddress, String allowed, String bearerTokenFile,
                                        String caFile, String headers) {
        return new PrometheusSettings(Duration.ofSeconds(Math.max(1, timeoutSeconds)), blankToNull(defaultAddress),
                split(allowed), bearerTokenFile == null || bearerTokenFile.isBlank() ? null : Path.of(bearerTokenFile.trim()),
                caFile == null || caFile.isBlank() ? null : Path.of(caFile.trim()), headers(headers));
    }

    /** {@code Name=value,Other=value}: the first {@code =} separates a name from its value. */
    static Map<String, String> headers(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : split(text)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("KULTA_PROMETHEUS_HEADERS: expected Name=value, got a pair without a name");
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static List<String> split(String text) {
        if (text == null || text.isBlank()) return List.of();
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim().replaceAll("/+$", "");
    }
}
