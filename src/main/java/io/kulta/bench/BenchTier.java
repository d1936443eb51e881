package io.kulta.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One Kubernetes API the benchmark runs against: the real kube-apiserver + etcd, or the CRUD mock. The controller and
 * the limit's bare client get a client built as {@code KultaMain} builds it (a kubeconfig, fabric8's defaults); the
 * benchmark's own clients (fleet, watches, kubelet) count what they send, so it can be told apart from the controller's.
 */
abstract class BenchTier implements AutoCloseable {
    static final String ROLLOUT_CRD = "META-INF/fabric8/rollouts.kulta.io-v1.yml";

    private final List<CountingInterceptor> harnessCounters = new CopyOnWriteArrayList<>();
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();

    abstract String name();

    /** A kubeconfig for this API, as a user would point KUBECONFIG at it. */
    abstract Path kubeconfig();

    /**
     * Every request the controller has sent so far, by kind (a running total; take differences). Lease requests of the
     * election may or may not be included, depending on the tier; the report keeps leases apart.
     */
    abstract RequestCounts controllerRequests();

    /** The configuration KultaMain would build from KUBECONFIG pointing here: fabric8's defaults otherwise. */
    Config productionConfig() {
        try {
            Path file = kubeconfig();
            return Config.fromKubeconfig(null, Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client configured as production that nobody counts: the controller's, or the limit's bare client. */
    KubernetesClient productionClient() {
        return new KubernetesClientBuilder().withConfig(productionConfig()).build();
    }

    /** A client of the benchmark itself (fleet, watches, kubelet), whose requests are counted; closed with the tier. */
    KubernetesClient harnessClient() {
        return harnessClient(new CountingInterceptor());
    }

    /** As {@link #harnessClient()}, counting into this counter (the limit reads its own). */
    KubernetesClient harnessClient(CountingInterceptor counter) {
        harnessCounters.add(counter);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(productionConfig())
                .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor(CountingInterceptor.NAME, counter))
                .build();
        clients.add(client);
        return client;
    }

    /** What the benchmark's own clients have sent so far. */
    RequestCounts harnessRequests() {
        return harnessCounters.stream().map(CountingInterceptor::snapshot).reduce(RequestCounts.NONE, RequestCounts::plus);
    }

    static InputStream rolloutCrd() {
        InputStream in = BenchTier.class.getClassLoader().getResourceAsStream(ROLLOUT_CRD);
        if (in == null) throw new IllegalStateException(ROLLOUT_CRD + " is not on the classpath");
        return in;
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
    }
}
