package io.kulta.bench;

import io.kulta.playground.KubeBinaries;
import io.kulta.playground.LocalApiServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * etcd + kube-apiserver, built by scripts/k8s-test-binaries.sh. Requests are kube-apiserver's own
 * {@code apiserver_request_total}, less what the benchmark's own clients sent.
 */
final class RealTier extends BenchTier {
    private final LocalApiServer server;

    RealTier(KubeBinaries binaries, Path logDir) {
        server = LocalApiServer.startEmpty(binaries, logDir);
        try (InputStream crd = rolloutCrd()) {
            server.installCrd(crd);
            server.installCrd(binaries.gatewayApiCrd("httproutes"));
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    String name() {
        return "real";
    }

    /** Its "admin" context (system:masters): the controller's rights are not what is measured here. */
    @Override
    Path kubeconfig() {
        return server.kubeconfig();
    }

    @Override
    RequestCounts controllerRequests() {
        RequestCounts all = ApiServerMetrics.parse(server.admin().raw("/metrics")).only(kind -> !kind.resource().isEmpty());
        return all.minus(harnessRequests());
    }

    @Override
    public void close() {
        super.close();
        server.close();
    }
}
