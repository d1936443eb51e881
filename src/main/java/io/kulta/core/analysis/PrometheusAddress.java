package io.kulta.core.analysis;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a Prometheus address may point (SPEC §4, amended 2026-12-01): an absolute http or https URL
 * with a host, no user-info, no query or fragment and no braces (so no Camel or template placeholder
 * can hide in it), optionally limited to the operator's allowed prefixes. Pure: the prefixes are data.
 */
public final class PrometheusAddress {
    private PrometheusAddress() {
    }

    /** Why the address is not usable, or empty when it is. Never echoes user-info. */
    public static Optional<String> problem(String address) {
        if (address == null || address.isBlank()) return Optional.of("must not be empty");
        if (address.contains("{") || address.contains("}"))
            return Optional.of("must not contain { or } (no placeholders): use a literal http(s) URL");
        URI uri;
        try {
            uri = new URI(address);
        } catch (Exception e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https"))
            return Optional.of("must be an absolute http or https URL, e.g. http://prometheus:9090");
        if (uri.getRawUserInfo() != null || uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))
            return Optional.of("must not contain user-info (user:password@); configure credentials on the controller");
        if (uri.getHost() == null) return Optional.of("must name a host");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) return Optional.of("must not have a query or fragment");
        return Optional.empty();
    }

    /** host[:port] of a usable address, for messages (never the path, which may carry tokens). */
    public static String host(String address) {
        try {
            URI uri = new URI(address);
            if (uri.getHost() != null) return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (Exception e) {
            // fall through
        }
        return "an invalid Prometheus address";
    }

    /**
     * Whether the address lies under one of the prefixes: the prefix up to a path boundary, so
     * {@code http://prom:9090} allows {@code http://prom:9090/x} but not {@code http://prom:90901}
     * or {@code http://prom:9090.evil}. A prefix ending in {@code ://} allows a whole scheme.
     */
    public static boolean within(String address, List<String> prefixes) {
        String a = trimSlashes(address).toLowerCase(Locale.ROOT);
        for (String prefix : prefixes) {
            String p = trimSlashes(prefix.trim()).toLowerCase(Locale.ROOT);
            if (p.isEmpty()) continue;
            if (p.endsWith("://") ? a.startsWith(p) : a.equals(p) || a.startsWith(p + "/")) return true;
        }
        return false;
    }

    private static String trimSlashes(String s) {
        return s.endsWith("://") ? s : s.replaceAll("/+$", "");
    }
}
