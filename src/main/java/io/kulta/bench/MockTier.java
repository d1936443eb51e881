package io.kulta.bench;

import io.kulta.playground.MockKubernetes;
import io.kulta.playground.RequestLog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The fabric8 CRUD mock with KULTA's API-server-like dispatcher; its request log names each request's User-Agent. */
final class MockTier extends BenchTier {
    private final MockKubernetes mock = new MockKubernetes();
    private final Path work;
    private final Path kubeconfig;

    MockTier() {
        try {
            work = Files.createTempDirectory("kulta-bench-mock-");
            Path crd = work.resolve("rollouts.yaml");
            try (InputStream in = rolloutCrd()) {
                Files.copy(in, crd);
            }
            mock.installCrd(crd);
            kubeconfig = mock.writeKubeconfig(work.resolve("kubeconfig"), "default");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    String name() {
        return "mock";
    }

    @Override
    Path kubeconfig() {
        return kubeconfig;
    }

    /** The controller's client names its instance in its User-Agent (kulta/&lt;pod&gt;). */
    @Override
    RequestCounts controllerRequests() {
        Map<RequestKind, Long> counts = new HashMap<>();
        for (RequestLog.Entry e : mock.requests().entries()) {
            if (e.userAgent().startsWith("kulta/")) counts.merge(RequestKind.of(e.method(), e.path(), e.query()), 1L, Long::sum);
        }
        return new RequestCounts(counts);
    }

    @Override
    public void close() {
        super.close();
        mock.close();
        work.resolve("rollouts.yaml").toFile().delete();
        work.resolve("kubeconfig").toFile().delete();
        work.toFile().delete();
    }
}
