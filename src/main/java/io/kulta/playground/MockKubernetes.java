package io.kulta.playground;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fabric8 CRUD mock API server on 127.0.0.1 at a free port, with {@link ApiServerLikeDispatcher}'s fixes.
 *
 * <pre>
 * try (MockKubernetes kube = new MockKubernetes()) {
 *     kube.installCrd(Path.of("deploy/crd.yaml"));
 *     kube.client().apps().replicaSets()...;
 *     assertThat(kube.requests().count("PATCH", ".*&#47;replicasets/.*")).isEqualTo(1);
 * }
 * </pre>
 */
public final class MockKubernetes implements AutoCloseable {

    // JUL keeps loggers weakly: hold this one or its level is lost.
    private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

    static {
        MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    }

    private final boolean https;
    private final ApiServerLikeDispatcher dispatcher = new ApiServerLikeDispatcher();
    private final KubernetesMockServer server;
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
    private final KubernetesClient client;

    /** An http server. */
    public MockKubernetes() {
        this(false);
    }

    public MockKubernetes(boolean https) {
        this.https = https;
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                new HashMap<>(), dispatcher, https);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client = newClient("default");
    }

    /** A client in namespace "default", closed with this server. */
    public KubernetesClient client() {
        return client;
    }

    /** Another client, in the given namespace; also closed with this server. */
    public KubernetesClient newClient(String namespace) {
        return newClient(namespace, Config.DEFAULT_REQUEST_RETRY_BACKOFFLIMIT);
    }

    /** As {@link #newClient(String)}, retrying a 5xx answer itself at most {@code requestRetries} times (fabric8's default: 10). */
    public KubernetesClient newClient(String namespace, int requestRetries) {
        Config config = new ConfigBuilder(Config.empty())
                .withRequestRetryBackoffLimit(requestRetries)
                .withMasterUrl(url())
                .withNamespace(namespace)
                .withTrustCerts(true)
                .withDisableHostnameVerification(true)
                .withOauthToken("mock-token")
                .build();
        KubernetesClient created = new KubernetesClientBuilder().withConfig(config).build();
        clients.add(created);
        return created;
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:41234} (no trailing slash). */
    public String url() {
        return (https ? "https" : "http") + "://127.0.0.1:" + server.getPort();
    }

    public boolean isHttps() {
        return https;
    }

    public RequestLog requests() {
        return dispatcher.requests();
    }

    /** Every write with the stored versions before and after it, from the moment {@link WriteLog#enable()} is called. */
    public WriteLog writes() {
        return dispatcher.writes();
    }

    /**
     * Answers the next {@code times} requests with this verb and a path (without query, or with it) matching the whole regex
     * with {@code status} and a Kubernetes Status body, instead of dispatching them.
     */
    public void failNext(String method, String pathRegex, int status, int times) {
        dispatcher.failNext(method, pathRegex, status, times);
    }

    /** As {@link #failNext(String, String, int, int)}, with this message in the Status body. */
    public void failNext(String method, String pathRegex, int status, int times, String message) {
        dispatcher.failNext(method, pathRegex, status, times, message);
    }

    public void clearFailures() {
        dispatcher.clearFailures();
    }

    /** From now on, the requests the plan picks (by User-Agent) get its seeded random faults; null: none again. */
    public void injectFaults(FaultPlan plan) {
        dispatcher.injectFaults(plan);
    }

    public ApiServerLikeDispatcher dispatcher() {
        return dispatcher;
    }

    /** Creates (or updates) an apiextensions.k8s.io/v1 CustomResourceDefinition read from a YAML file. */
    public CustomResourceDefinition installCrd(Path yaml) {
        try (InputStream in = Files.newInputStream(yaml)) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            return client.resource(crd).createOr(NonDeletingOperation::update);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a kubeconfig for this server (any token; TLS verification skipped for https) that any fabric8 client,
     * in this JVM or another, can use.
     */
    public Path writeKubeconfig(Path file, String namespace) {
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: kulta-mock
                  cluster:
                    server: %s%s
                contexts:
                - name: kulta-mock
                  context:
                    cluster: kulta-mock
                    user: kulta-mock
                    namespace: %s
                current-context: kulta-mock
                users:
                - name: kulta-mock
                  user:
                    token: mock-token
                """.formatted(url(), https ? "\n    insecure-skip-tls-verify: true" : "", namespace);
        try {
            return Files.writeString(file, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }
}
