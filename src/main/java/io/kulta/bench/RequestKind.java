package io.kulta.bench;

import java.util.List;
import java.util.Locale;

/**
 * One kind of Kubernetes API request as kube-apiserver's {@code apiserver_request_total} names it: verb (GET, LIST,
 * WATCH, POST, PUT, PATCH, DELETE), resource and subresource ("" for none), e.g. PUT rollouts/status.
 */
public record RequestKind(String verb, String resource, String subresource) implements Comparable<RequestKind> {

    public RequestKind {
        verb = verb.toUpperCase(Locale.ROOT);
    }

    /** A request as a client sends it: HTTP method, path without query, query ("" for none). */
    public static RequestKind of(String method, String path, String query) {
        List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/"));
        // /api/v1/... or /apis/<group>/<version>/...: the part after the version, without namespaces/<ns>
        int start = segments.isEmpty() ? 0 : segments.get(0).equals("api") ? 2 : 3;
        List<String> rest = start <= segments.size() ? segments.subList(start, segments.size()) : List.of();
        if (rest.size() >= 2 && rest.get(0).equals("namespaces") && rest.size() > 2) rest = rest.subList(2, rest.size());
        String resource = rest.isEmpty() ? "" : rest.get(0);
        String subresource = rest.size() > 2 ? rest.get(2) : "";
        boolean named = rest.size() > 1;
        String verb = method.toUpperCase(Locale.ROOT);
        if (verb.equals("GET") && !named) verb = watch(query) ? "WATCH" : "LIST";
        return new RequestKind(verb, resource, subresource);
    }

    private static boolean watch(String query) {
        return query != null && (query.contains("watch=true") || query.contains("watch=1"));
    }

    public boolean isWrite() {
        return !List.of("GET", "LIST", "WATCH").contains(verb);
    }

    /** Kubernetes Events (core/v1 and events.k8s.io): reported apart, never part of a step's minimum. */
    public boolean isEvent() {
        return resource.equals("events");
    }

    /** e.g. "PATCH httproutes", "PUT rollouts/status". */
    public String label() {
        return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
    }

    @Override
    public int compareTo(RequestKind other) {
        return label().compareTo(other.label());
    }

    @Override
    public String toString() {
        return label();
    }
}
