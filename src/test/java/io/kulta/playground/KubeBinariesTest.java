package io.kulta.playground;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** --real-api finds the binaries scripts/k8s-test-binaries.sh cached, and only a complete build of them. */
class KubeBinariesTest {
    @TempDir
    Path cache;

    @Test
    void theNewestCompleteBuildInTheCacheIsUsed() throws IOException {
        build("k8s-v1.33.1", true);
        build("k8s-v1.34.4", true);
        build("k8s-v1.35.0", false);   // a build cut short: no etcd

        assertThat(KubeBinaries.cached(cache)).contains(new KubeBinaries(cache.resolve("k8s-v1.34.4")));
    }

    @Test
    void withoutACompleteBuildThereIsNone() throws IOException {
        build("k8s-v1.35.0", false);

        assertThat(KubeBinaries.cached(cache)).isEmpty();
        assertThat(KubeBinaries.cached(cache.resolve("absent"))).isEmpty();
        assertThat(new KubeBinaries(cache.resolve("k8s-v1.35.0")).missing()).containsExactly(cache.resolve("k8s-v1.35.0/bin/etcd"));
    }

    private void build(String name, boolean withEtcd) throws IOException {
        KubeBinaries b = new KubeBinaries(cache.resolve(name));
        executable(b.kubeApiserver());
        if (withEtcd) executable(b.etcd());
        Files.createDirectories(b.gatewayApiCrd("httproutes").getParent());
        Files.writeString(b.gatewayApiCrd("httproutes"), "kind: CustomResourceDefinition\n");
    }

    private static void executable(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
