package io.kulta.core;

import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The syntax Kubernetes and the Gateway API give the names and labels a Rollout hands on (Service and HTTPRoute names,
 * label keys and values, header and cookie names), so a Rollout that would only fail later, with a 422 on a write or a
 * broken PromQL query, is invalid at once. And how a value a user wrote is shown in a message: quoted, escaped, short.
 */
final class KubernetesNames {
    private static final int SHOWN = 64;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    /** RFC 7230 token: Gateway API's HTTPHeaderName, and a cookie name. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private KubernetesNames() {
    }

    /** A Service's name (RFC 1123 label, at most 63 characters). */
    static Optional<String> serviceName(String name) {
        return name.length() <= 63 && DNS_LABEL.matcher(name).matches() ? Optional.empty()
                : Optional.of("must be a Service name (lower-case letters, digits and '-', at most 63), got " + shown(name));
    }

    /** An HTTPRoute's name (RFC 1123 subdomain, at most 253 characters). */
    static Optional<String> objectName(String name) {
        return name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches() ? Optional.empty()
                : Optional.of("must be an object name (lower-case letters, digits, '-' and '.', at most 253), got " + shown(name));
    }

    /** A label key: an optional DNS-subdomain prefix and '/', then a name of at most 63. */
    static Optional<String> labelKey(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean ok = (prefix == null || prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches())
                && name.length() <= 63 && LABEL_NAME.matcher(name).matches();
        return ok ? Optional.empty() : Optional.of("label key " + shown(key) + " is not a valid Kubernetes label key");
    }

    /** A label value: empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending alphanumeric. */
    static Optional<String> labelValue(String key, String value) {
        return value.isEmpty() || value.length() <= 63 && LABEL_NAME.matcher(value).matches() ? Optional.empty()
                : Optional.of("label " + shown(key) + " has value " + shown(value)
                + ", which is no valid Kubernetes label value (at most 63 letters, digits, '-', '_' and '.')");
    }

    static Optional<String> headerName(String name) {
        return TOKEN.matcher(name).matches() ? Optional.empty() : Optional.of("must be an HTTP header name, got " + shown(name));
    }

    static Optional<String> cookieName(String name) {
        return TOKEN.matcher(name).matches() ? Optional.empty() : Optional.of("must be a cookie name, got " + shown(name));
    }

    /** Header and cookie values: no control characters (a CR or LF would split the header). */
    static Optional<String> headerValue(String value) {
        return CONTROL.matcher(value).find() ? Optional.of("must not contain control characters, got " + shown(value)) : Optional.empty();
    }

    /** The value as a JSON string, cut after 64 characters: messages go into conditions, Events and log lines. */
    static String shown(String value) {
        if (value == null) return "null";
        String json = TextNode.valueOf(value.length() <= SHOWN ? value : value.substring(0, SHOWN)).toString();
        return value.length() <= SHOWN ? json : json.substring(0, json.length() - 1) + "…\" (" + value.length() + " characters)";
    }
}
