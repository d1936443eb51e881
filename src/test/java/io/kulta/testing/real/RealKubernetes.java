package io.kulta.testing.real;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.Rollout;
import io.kulta.playground.LocalApiServer;
import io.kulta.playground.WriteLog;
import io.kulta.testing.ownership.OwnershipCheck;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Kubernetes API server (etcd + kube-apiserver, built from Go modules by
 * {@code scripts/k8s-test-binaries.sh}) with the Rollout and HTTPRoute CRDs installed.
 *
 * <pre>
 * &#64;RegisterExtension
 * static RealKubernetes api = new RealKubernetes();
 * ...
 * String ns = api.createNamespace("crd");
 * assertThat(api.kubectl("apply", "-n", ns, "-f", "examples/canary.yaml").succeeded()).isTrue();
 * </pre>
 *
 * One server is started for the whole test run (the first class that needs it starts it) and stopped when the run
 * ends or the JVM exits; test classes keep apart by namespace. Without Go the test class is skipped with the reason,
 * unless {@code KULTA_REQUIRE_REAL_API=true}, which turns that into a failure.
 */
public final class RealKubernetes implements BeforeAllCallback, AfterAllCallback {

    public static final String REQUIRE_ENV = "KULTA_REQUIRE_REAL_API";
    /** How a skipped class's reason starts ({@link SkippedRealApiSummary} counts them). */
    public static final String SKIPPED = "Real API server tier skipped: ";
    /** Where the test run's etcd and kube-apiserver logs go. */
    static final Path LOG_DIR = Path.of("target/real-api", "fork-" + System.getProperty("kulta.fork", "1"));   // one server per surefire fork
    static final Path ROLLOUT_CRD = Path.of("deploy/crd.yaml");
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();
    private LocalApiServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = context.getRoot().getStore(ExtensionContext.Namespace.create(RealKubernetes.class))
                .getOrComputeIfAbsent(Shared.class, key -> new Shared(), Shared.class)
                .server();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }

    /** A client with all permissions (group system:masters). */
    public KubernetesClient adminClient() {
        return clientFor("admin");
    }

    /** A client authenticated as this user ("admin" or "kulta-controller"); only RBAC bindings give it rights. */
    public KubernetesClient clientFor(String user) {
        return clientFor(user, "default");
    }

    /** A client as this user whose default namespace is this one; closed after the test class. */
    public KubernetesClient clientFor(String user, String namespace) {
        return clients.computeIfAbsent(user + "/" + namespace, key -> server().newClient(user, namespace));
    }

    /** A new client as this user in this namespace, not shared: the caller closes it. */
    public KubernetesClient newClient(String user, String namespace) {
        return server().newClient(user, namespace);
    }

    /** A new proxy in front of the server, whose connections the test can cut; the caller closes it. */
    public CuttableProxy newProxy() {
        return new CuttableProxy(server().port());
    }

    /** A new client as this user in this namespace that talks to the server through this proxy; the caller closes it. */
    public KubernetesClient newClient(String user, String namespace, CuttableProxy via) {
        return server().newClient(user, namespace, "https://127.0.0.1:" + via.port());
    }

    /** A new fault-injecting HTTP proxy in front of the server (no faults until it is given a plan); the caller closes it. */
    public FaultyApiProxy newFaultyProxy() {
        return new FaultyApiProxy(server().url());
    }

    /**
     * A new client as this user in this namespace that talks to the server through this fault proxy; the caller closes
     * it. Its watches are plain HTTP ones: the proxy cannot upgrade a connection to a WebSocket (fabric8 would fall back
     * to an HTTP watch after each failed upgrade anyway, at the cost of a second request).
     */
    public KubernetesClient newClient(String user, String namespace, FaultyApiProxy via) {
        try (KubernetesClient direct = server().newClient(user, namespace, via.url())) {
            return new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder(direct.getConfiguration()).withOnlyHttpWatches(true).build()).build();
        }
    }

    /**
     * How many requests kube-apiserver has answered with this verb (LIST, WATCH, ...) on this resource, all users and
     * codes, from its apiserver_request_total metric.
     */
    public long requestCount(String verb, String group, String resource) {
        String labels = "group=\"" + group + "\",resource=\"" + resource + "\"";
        return adminClient().raw("/metrics").lines()
                .filter(l -> l.startsWith("apiserver_request_total{") && l.contains(labels) && l.contains("verb=\"" + verb + "\""))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The writes the server has answered so far, from its audit log, in the order it answered them. */
    public List<AuditLog.Write> writes() {
        return AuditLog.read(server().auditLog());
    }

    /** Where the audit log ends now: {@link #writesWithObjectsSince} reads what is logged after it. */
    public long auditLogEnd() {
        return AuditLog.end(server().auditLog());
    }

    /**
     * The writes answered since {@link #auditLogEnd} returned {@code end} in this namespace or to no namespace, each with
     * what was sent and the stored object before and after it, for {@code OwnershipCheck}. Before is known for objects
     * created since then: all of a namespace created after it.
     */
    public List<WriteLog.Write> writesWithObjectsSince(long end, String namespace) {
        return AuditedWrites.from(AuditLog.eventsSince(server().auditLog(), end).stream()
                .filter(e -> List.of(namespace, "").contains(e.path("objectRef").path("namespace").asText()))
                .toList());
    }

    /**
     * The controller's writes in this namespace (and to no namespace) since {@link #auditLogEnd} returned {@code end},
     * checked against what it owns (issue 18 item 4); the Rollouts named are those stored in the namespace now and every
     * version of them written since.
     */
    public OwnershipCheck.Result ownership(long end, String namespace, String leaseName) {
        List<String> rollouts = adminClient().genericKubernetesResources(Rollout.API_VERSION, "Rollout").inNamespace(namespace)
                .list().getItems().stream().map(Serialization::asJson).toList();
        return new OwnershipCheck(leaseName).check(writesWithObjectsSince(end, namespace), rollouts);
    }

    /** The server's https URL (its certificate is self-signed: clients trust it or use the kubeconfig's CA). */
    public String url() {
        return server().url();
    }

    /** A kubeconfig with a context per user ("admin", current, and "kulta-controller"). */
    public Path kubeconfig() {
        return server().kubeconfig();
    }

    /** Runs kubectl as admin (pass {@code --context=kulta-controller} to act as the controller). */
    public KubectlResult kubectl(String... args) {
        return KubectlResult.run(server(), "", List.of(args));
    }

    /** Runs kubectl with this text on its standard input, e.g. {@code kubectlWithStdin(yaml, "apply", "-f", "-")}. */
    public KubectlResult kubectlWithStdin(String stdin, String... args) {
        return KubectlResult.run(server(), stdin, List.of(args));
    }

    /** Compacts etcd to its current revision: watches from older resourceVersions are then answered 410 Gone. */
    public void compactEtcd() {
        server().compactEtcd();
    }

    /** Creates a new namespace named {@code prefix-N} and returns its name. */
    public String createNamespace(String prefix) {
        String name = prefix + "-" + NAMESPACES.incrementAndGet();
        adminClient().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    /** Creates or updates a CRD from a YAML file and waits until it is Established. */
    public CustomResourceDefinition installCrd(Path yaml) {
        return server().installCrd(yaml);
    }

    /** Whether KULTA_REQUIRE_REAL_API asks for the tier: {@code true}, {@code 1} or {@code yes}, any case. */
    public static boolean required() {
        String v = System.getenv(REQUIRE_ENV);
        return v != null && List.of("true", "1", "yes").contains(v.trim().toLowerCase(java.util.Locale.ROOT));
    }

    private LocalApiServer server() {
        if (server == null) {
            throw new IllegalStateException("RealKubernetes is used before its beforeAll: register it on a static field");
        }
        return server;
    }

    /** The one server of the test run, closed by JUnit with the root context. */
    private static final class Shared implements AutoCloseable {
        private LocalApiServer server;
        private String unavailable;
        private RuntimeException failedToStart;

        synchronized LocalApiServer server() {
            if (server == null && unavailable == null && failedToStart == null) {
                try {
                    server = LocalApiServer.start(TestBinaries.locate(), LOG_DIR, ROLLOUT_CRD, LocalApiServer.Audit.WRITES_WITH_OBJECTS);
                    System.out.println("RealKubernetes: etcd and kube-apiserver logs in " + LOG_DIR.toAbsolutePath() + "/*.log");
                } catch (TestBinaries.Unavailable e) {
                    unavailable = e.getMessage();
                } catch (RuntimeException e) {
                    failedToStart = e;   // one attempt per run: every later class fails at once with the same cause
                }
            }
            if (failedToStart != null) {
                throw new IllegalStateException("the real API server tier failed to start (logs in " + LOG_DIR.toAbsolutePath()
                        + "): " + failedToStart.getMessage(), failedToStart);
            }
            if (unavailable != null) {
                if (required()) {
                    Assertions.fail("The real API server tier is required (" + REQUIRE_ENV + "=" + System.getenv(REQUIRE_ENV) + ") but unavailable: "
                            + unavailable);
                }
                String reason = SKIPPED + unavailable + " (set " + REQUIRE_ENV + "=true to fail instead)";
                System.err.println("RealKubernetes: " + reason); // surefire hides a class-level abort's reason
                Assumptions.abort(reason);
            }
            return server;
        }

        @Override
        public synchronized void close() {
            if (server != null) {
                server.close();
            }
        }
    }
}
