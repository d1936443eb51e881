package io.kulta.playground;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The playground's Kubernetes API with the Rollout CRD (and what else the examples need) installed: the mock server, or
 * with {@code --real-api} etcd + kube-apiserver from the real API tier. Every client it hands out closes with it.
 */
interface PlaygroundApi extends AutoCloseable {
    /** A client with all rights. */
    KubernetesClient admin();

    /** A client with all rights in this namespace. */
    KubernetesClient newClient(String namespace);

    String url();

    /** A kubeconfig kubectl and fabric8 can use, written to (or next to) this file. */
    Path kubeconfig(Path file, String namespace);

    /** One line for the output. */
    String description();

    @Override
    void close();

    static PlaygroundApi mock() {
        MockKubernetes mock = new MockKubernetes();
        install(mock.client(), "kulta-deploy/crd.yaml");
        return new PlaygroundApi() {
            public KubernetesClient admin() { return mock.client(); }
            public KubernetesClient newClient(String namespace) { return mock.newClient(namespace); }
            public String url() { return mock.url(); }
            public Path kubeconfig(Path file, String namespace) { return mock.writeKubeconfig(file, namespace); }
            public String description() { return "fabric8 mock API server (API-server-like dispatcher) " + mock.url(); }
            public void close() { mock.close(); }
        };
    }

    /** etcd + kube-apiserver (logs in logDir) with the Rollout CRD and the Gateway API's Gateway and HTTPRoute CRDs. */
    static PlaygroundApi real(KubeBinaries binaries, Path logDir) {
        LocalApiServer server = LocalApiServer.startEmpty(binaries, logDir);
        List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
        try {
            try (InputStream in = Resources.open("kulta-deploy/crd.yaml")) {
                server.installCrd(in);   // and waits until it is Established
            }
            for (String crd : List.of("httproutes", "gateways")) {
                try (InputStream in = Files.newInputStream(binaries.gatewayApiCrd(crd))) {
                    server.installCrd(in);
                }
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return new PlaygroundApi() {
            public KubernetesClient admin() { return server.admin(); }
            public KubernetesClient newClient(String namespace) {
                KubernetesClient c = server.newClient("admin", namespace);
                clients.add(c);
                return c;
            }
            public String url() { return server.url(); }
            public Path kubeconfig(Path file, String namespace) { return server.kubeconfig(); }
            public String description() { return "kube-apiserver + etcd (" + binaries.dir() + ") " + server.url(); }
            public void close() {
                clients.forEach(KubernetesClient::close);
                server.close();
            }
        };
    }

    private static void install(KubernetesClient client, String crdResource) {
        try (InputStream in = Resources.open(crdResource)) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            client.resource(crd).createOr(NonDeletingOperation::update);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
