package io.kulta.playground;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * kube-apiserver, kubectl, etcd, the Gateway API CRDs and the Prometheus Operator's, as {@code scripts/k8s-test-binaries.sh}
 * builds them into {@code ${KULTA_K8S_CACHE:-~/.cache/kulta}/k8s-<version>/{bin,crds}}.
 */
public record KubeBinaries(Path dir) {

    public Path kubeApiserver() {
        return dir.resolve("bin/kube-apiserver");
    }

    public Path kubectl() {
        return dir.resolve("bin/kubectl");
    }

    public Path etcd() {
        return dir.resolve("bin/etcd");
    }

    public Path gatewayApiCrd(String name) {
        return dir.resolve("crds/gateway-api/gateway.networking.k8s.io_" + name + ".yaml");
    }

    /** A Prometheus Operator CRD ("servicemonitors", "prometheusrules"), generated from its API types by the script. */
    public Path monitoringCrd(String name) {
        return dir.resolve("crds/prometheus-operator/monitoring.coreos.com_" + name + ".yaml");
    }

    /** The binaries this needs that are not there (empty when all are). */
    public List<Path> missing() {
        return Stream.of(kubeApiserver(), etcd(), gatewayApiCrd("httproutes"))
                .filter(p -> p.toString().endsWith(".yaml") ? !Files.isRegularFile(p) : !Files.isExecutable(p)).toList();
    }

    /** Where the script caches them. */
    public static Path cacheDir() {
        String env = System.getenv("KULTA_K8S_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "kulta");
    }

    /** The newest complete build in the cache, if there is one (no build is started). */
    public static Optional<KubeBinaries> cached() {
        return cached(cacheDir());
    }

    static Optional<KubeBinaries> cached(Path cache) {
        if (!Files.isDirectory(cache)) return Optional.empty();
        try (Stream<Path> dirs = Files.list(cache)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("k8s-"))
                    .sorted(Comparator.comparing((Path d) -> d.getFileName().toString()).reversed())
                    .map(KubeBinaries::new).filter(b -> b.missing().isEmpty()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
