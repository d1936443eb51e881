package io.kulta.testing.ownership;

/**
 * A Kubernetes API path taken apart: {@code /api/v1/namespaces/shop/services/shop-stable} or
 * {@code /apis/kulta.io/v1alpha1/namespaces/shop/rollouts/kulta-demo/status}. The group of the core API is "".
 * Name and subresource are "" where the path has none (a POST names its object in the body).
 */
record ApiPath(String group, String namespace, String plural, String name, String subresource) {

    static ApiPath parse(String path) {
        String[] parts = path.replaceFirst("^/", "").split("/");
        int i;
        String group;
        if (parts.length >= 2 && parts[0].equals("api")) {
            group = "";
            i = 2;
        } else if (parts.length >= 3 && parts[0].equals("apis")) {
            group = parts[1];
            i = 3;
        } else {
            return new ApiPath("?", "", path, "", "");
        }
        String namespace = "";
        if (parts.length > i + 1 && parts[i].equals("namespaces") && parts.length > i + 2) {
            namespace = parts[i + 1];
            i += 2;
        }
        return new ApiPath(group, namespace, at(parts, i), at(parts, i + 1), at(parts, i + 2));
    }

    /** {@code group/plural}, e.g. {@code apps/replicasets}, {@code /services} for the core group. */
    String resource() {
        return group + "/" + plural;
    }

    private static String at(String[] parts, int i) {
        return i < parts.length ? parts[i] : "";
    }
}
