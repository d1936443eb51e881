package io.kulta.playground;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Fixed discovery documents (/version, /api, /apis, and resource lists of the built-in kinds the tests use). */
final class Discovery {

    static final String GIT_VERSION = "v1.31.0";

    private static final String VERSION_JSON = """
            {"major":"1","minor":"31","gitVersion":"%s","gitCommit":"0000000000000000000000000000000000000000",
             "gitTreeState":"clean","buildDate":"2024-08-13T07:28:49Z","goVersion":"go1.22.5","compiler":"gc",
             "platform":"linux/amd64"}""".formatted(GIT_VERSION);

    private static final List<String> VERBS = List.of(
            "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private record Kind(String groupVersion, String plural, String kind, boolean namespaced) {}

    private static final List<Kind> BUILT_IN = List.of(
            new Kind("v1", "pods", "Pod", true),
            new Kind("v1", "services", "Service", true),
            new Kind("v1", "endpoints", "Endpoints", true),
            new Kind("v1", "configmaps", "ConfigMap", true),
            new Kind("v1", "secrets", "Secret", true),
            new Kind("v1", "events", "Event", true),
            new Kind("v1", "serviceaccounts", "ServiceAccount", true),
            new Kind("v1", "namespaces", "Namespace", false),
            new Kind("apps/v1", "deployments", "Deployment", true),
            new Kind("apps/v1", "replicasets", "ReplicaSet", true),
            new Kind("apps/v1", "statefulsets", "StatefulSet", true),
            new Kind("apps/v1", "daemonsets", "DaemonSet", true),
            new Kind("coordination.k8s.io/v1", "leases", "Lease", true),
            new Kind("events.k8s.io/v1", "events", "Event", true),
            new Kind("apiextensions.k8s.io/v1", "customresourcedefinitions", "CustomResourceDefinition", false),
            new Kind("gateway.networking.k8s.io/v1", "httproutes", "HTTPRoute", true),
            new Kind("gateway.networking.k8s.io/v1", "gateways", "Gateway", true),
            new Kind("gateway.networking.k8s.io/v1", "gatewayclasses", "GatewayClass", false));

    private Discovery() {}

    /**
     * The document for a discovery GET, or null when the path is not a discovery path this class answers.
     *
     * @param crdGroups group name to served versions, for the CRDs stored in the mock; asked only for /apis paths
     */
    static String document(String path, Supplier<Map<String, List<String>>> crdGroups) {
        if (path.equals("/version") || path.equals("/version/")) {
            return VERSION_JSON;
        }
        if (path.equals("/api")) {
            return Serialization.asJson(new APIVersionsBuilder().withVersions("v1").build());
        }
        if (!path.equals("/api/v1") && !path.matches("/apis(/[^/]+){0,2}")) {
            return null;
        }
        Map<String, List<String>> groups = groups(crdGroups.get());
        if (path.equals("/apis")) {
            List<APIGroup> list = new ArrayList<>();
            groups.forEach((name, versions) -> list.add(group(name, versions)));
            return Serialization.asJson(new APIGroupListBuilder().withGroups(list).build());
        }
        String[] segments = path.substring(1).split("/");
        if (segments.length == 2 && segments[0].equals("apis") && groups.containsKey(segments[1])) {
            return Serialization.asJson(group(segments[1], groups.get(segments[1])));
        }
        String groupVersion = path.equals("/api/v1") ? "v1"
                : segments.length == 3 && segments[0].equals("apis") ? segments[1] + "/" + segments[2] : null;
        if (groupVersion != null && BUILT_IN.stream().anyMatch(k -> k.groupVersion().equals(groupVersion))) {
            return resourceList(groupVersion);
        }
        return null;
    }

    private static Map<String, List<String>> groups(Map<String, List<String>> crdGroups) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        BUILT_IN.stream().map(Kind::groupVersion).filter(gv -> gv.contains("/")).distinct().forEach(gv -> {
            String[] parts = gv.split("/");
            groups.computeIfAbsent(parts[0], g -> new ArrayList<>()).add(parts[1]);
        });
        crdGroups.forEach((group, versions) -> versions.forEach(v -> {
            List<String> known = groups.computeIfAbsent(group, g -> new ArrayList<>());
            if (!known.contains(v)) {
                known.add(v);
            }
        }));
        return groups;
    }

    private static APIGroup group(String name, List<String> versions) {
        List<GroupVersionForDiscovery> list = versions.stream()
                .map(v -> new GroupVersionForDiscovery(name + "/" + v, v))
                .toList();
        return new APIGroupBuilder().withName(name).withVersions(list).withPreferredVersion(list.get(0)).build();
    }

    private static String resourceList(String groupVersion) {
        APIResourceListBuilder list = new APIResourceListBuilder().withGroupVersion(groupVersion);
        BUILT_IN.stream().filter(k -> k.groupVersion().equals(groupVersion)).forEach(k -> list.addToResources(
                new APIResourceBuilder().withName(k.plural()).withKind(k.kind()).withNamespaced(k.namespaced())
                        .withSingularName(k.kind().toLowerCase()).withVerbs(VERBS).build()));
        return Serialization.asJson(list.build());
    }
}
