package io.kulta.playground;

import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as a gateway sees it for routing: method, path (no query), headers (names case-insensitive, one
 * value each) and query parameters (names case-sensitive).
 */
public record GatewayRequest(String method, String path, Map<String, String> headers, Map<String, String> query) {
    public GatewayRequest {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(h);
        query = Map.copyOf(query);
    }

    public static GatewayRequest get(String path) {
        return new GatewayRequest("GET", path, Map.of(), Map.of());
    }

    public GatewayRequest method(String m) {
        return new GatewayRequest(m, path, headers, query);
    }

    public GatewayRequest header(String name, String value) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        h.put(name, value);
        return new GatewayRequest(method, path, h, query);
    }

    public GatewayRequest query(String name, String value) {
        Map<String, String> q = new TreeMap<>(query);
        q.put(name, value);
        return new GatewayRequest(method, path, headers, q);
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : " ?" + query) + (headers.isEmpty() ? "" : " " + headers);
    }
}
