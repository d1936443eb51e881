package io.kulta.events;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A container image as a package URL, {@code pkg:oci/<name>@<digest or tag>?repository_url=<registry>/<path>}
 * (purl-spec's oci type), or the raw image when it names neither a tag nor a digest or cannot be parsed.
 */
public final class ArtifactId {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final String DEFAULT_REGISTRY = "docker.io";

    private ArtifactId() {
    }

    public static String of(String image) {
        if (image == null || image.isBlank()) return null;
        String rest = image.trim();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (digest == null && tag == null) return image;

        String registry = DEFAULT_REGISTRY;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            registry = first;
            rest = rest.substring(slash + 1);
        } else if (slash < 0) {
            rest = "library/" + rest;   // Docker Hub's official images
        }
        for (String part : rest.split("/")) if (!COMPONENT.matcher(part).matches()) return image;
        String name = rest.substring(rest.lastIndexOf('/') + 1);

        StringBuilder purl = new StringBuilder("pkg:oci/").append(name).append('@')
                .append(encode(digest != null ? digest : tag))
                .append("?repository_url=").append(encode(registry + "/" + rest).replace("%2F", "/"));
        if (digest != null && tag != null) purl.append("&tag=").append(encode(tag));
        return purl.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
