package io.kulta.playground;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * etcd and kube-apiserver as child processes on free loopback ports, like controller-runtime's envtest: no
 * controller-manager, scheduler or kubelet, so nothing creates Pods, fills ReplicaSet status or finishes a namespace
 * deletion. Authentication is by static tokens ({@link #USERS}); authorization is RBAC. The playground's
 * {@code --real-api} and the tests' real API tier ({@code io.kulta.testing.real}) both run it.
 *
 * <p>Nothing is registered in the JVM: the caller closes it. A watchdog process ends etcd and kube-apiserver within
 * seconds of this JVM's end however it ends (even SIGKILL), so they never outlive it.
 */
public final class LocalApiServer implements AutoCloseable {

    /**
     * user → groups. system:masters bypasses RBAC; the controller users have no permissions until a test binds some
     * (kulta-restricted is for tests that bind it less than deploy/rbac.yaml grants; cli-reader and cli-promoter are
     * people using kubectl-kulta with the rights a test binds them).
     */
    public static final Map<String, String> USERS = Map.of("admin", "system:masters", "kulta-controller", "",
            "kulta-restricted", "", "cli-reader", "", "cli-promoter", "");

    private static final AtomicInteger STARTED = new AtomicInteger();
    /** What the audit log keeps of each write (reads are never logged); each write once, when answered. */
    public enum Audit {
        /** who (user, User-Agent) changed what, when, with which code: small enough for a playground that runs for hours */
        WHO_WROTE_WHAT("Metadata"),
        /** that and the object sent and the object answered, which is the stored object after a successful write */
        WRITES_WITH_OBJECTS("RequestResponse");

        private final String level;

        Audit(String level) {
            this.level = level;
        }

        /**
         * Leases are logged without the object answered whatever the level (a create still names its Lease in what it
         * sent): a Lease is judged by its name, and its renewals (every instance every few seconds) are the writes whose
         * timing matters most.
         */
        String policy() {
            return """
                    apiVersion: audit.k8s.io/v1
                    kind: Policy
                    omitStages: [RequestReceived]
                    rules:
                    - level: None
                      verbs: [get, list, watch]
                    - level: Metadata
                      users: [system:apiserver]
                    - level: %s
                      resources: [{group: coordination.k8s.io, resources: [leases]}]
                    - level: %s
                    """.formatted(this == WHO_WROTE_WHAT ? "Metadata" : "Request", level);
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final KubeBinaries binaries;
    private final Path logDir;
    private final Path work;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final int[] ports; // etcd client, etcd peer, kube-apiserver
    private final String logSuffix; // "" for the run's first server, "-2", "-3", ... for more (fresh ones in one JVM)
    private final KubernetesClient admin;
    private final Audit audit;
    private ProcessWatchdog watchdog;

    private LocalApiServer(KubeBinaries binaries, Path logDir, Audit audit) throws IOException {
        this.binaries = binaries;
        this.logDir = logDir;
        this.audit = audit;
        this.work = Files.createTempDirectory("kulta-real-api-");
        USERS.keySet().forEach(user -> tokens.put(user, UUID.randomUUID().toString()));
        this.ports = freePorts(3);
        int serial = STARTED.incrementAndGet();
        this.logSuffix = serial == 1 ? "" : "-" + serial;
        this.admin = newClient("admin", "default");
    }

    /**
     * Starts etcd and kube-apiserver (logs in {@code logDir}), its audit log keeping this much of each write, waits for
     * /readyz, installs the Rollout and HTTPRoute CRDs.
     */
    public static LocalApiServer start(KubeBinaries binaries, Path logDir, Path rolloutCrd, Audit audit) {
        LocalApiServer server = startEmpty(binaries, logDir, audit);
        try {
            server.installCrd(rolloutCrd);
            server.installCrd(binaries.gatewayApiCrd("httproutes"));
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Starts etcd and kube-apiserver and waits for /readyz, with nothing installed: a fresh cluster's API. */
    public static LocalApiServer startEmpty(KubeBinaries binaries, Path logDir) {
        return startEmpty(binaries, logDir, Audit.WHO_WROTE_WHAT);
    }

    private static LocalApiServer startEmpty(KubeBinaries binaries, Path logDir, Audit audit) {
        LocalApiServer server;
        try {
            server = new LocalApiServer(binaries, logDir, audit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server.launch();
            server.awaitReady();
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void launch() throws IOException {
        Files.createDirectories(logDir);
        startEtcd(ports[0], ports[1]);
        startApiServer(ports[0]);
        watchdog = ProcessWatchdog.ofThisJvm(work, processes);
    }

    /** Every write the server answered, one JSON audit event a line, as much as its {@link Audit} keeps (the real test tier's AuditLog reads it). */
    public Path auditLog() {
        return work.resolve("audit.log");
    }

    public String url() {
        return "https://127.0.0.1:" + ports[2];
    }

    public int port() {
        return ports[2];
    }

    /** The client with all permissions (system:masters), closed with the server. */
    public KubernetesClient admin() {
        return admin;
    }

    /** A new client authenticated as one of {@link #USERS}, in this namespace by default; the caller closes it. */
    public KubernetesClient newClient(String user, String namespace) {
        return newClient(user, namespace, url());
    }

    /** As {@link #newClient(String, String)}, to this URL (a proxy in front of the server). */
    public KubernetesClient newClient(String user, String namespace, String url) {
        String token = tokens.get(user);
        if (token == null) {
            throw new IllegalArgumentException("unknown user " + user + "; known: " + USERS.keySet());
        }
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withOauthToken(token)
                .withTrustCerts(true)
                .withNamespace(namespace)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A kubeconfig with one context per user of {@link #USERS}, named after the user; "admin" is current. */
    public synchronized Path kubeconfig() {
        Path file = work.resolve("kubeconfig");
        if (Files.exists(file)) {
            return file;
        }
        StringBuilder yaml = new StringBuilder("""
                apiVersion: v1
                kind: Config
                clusters:
                - name: real-api
                  cluster:
                    server: %s
                    certificate-authority: %s
                current-context: admin
                contexts:
                """.formatted(url(), work.resolve("certs/apiserver.crt")));
        tokens.keySet().forEach(user -> yaml.append("- name: %s\n  context: {cluster: real-api, user: %s}\n".formatted(user, user)));
        yaml.append("users:\n");
        tokens.forEach((user, token) -> yaml.append("- name: %s\n  user: {token: %s}\n".formatted(user, token)));
        try {
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compacts etcd's history up to its current revision, through etcd's JSON gateway, as kube-apiserver does every
     * five minutes: a watch from an older resourceVersion is then answered 410 Gone.
     */
    public void compactEtcd() {
        String etcd = "http://127.0.0.1:" + ports[0] + "/v3/kv/";
        HttpClient http = HttpClient.newHttpClient();
        String range = post(http, etcd + "range", "{\"key\":\"AA==\"}"); // any key: the header carries the revision
        Matcher revision = Pattern.compile("\"revision\":\"(\\d+)\"").matcher(range);
        if (!revision.find()) throw new IllegalStateException("no revision in etcd's answer: " + range);
        post(http, etcd + "compaction", "{\"revision\":\"" + revision.group(1) + "\",\"physical\":true}");
    }

    private static String post(HttpClient http, String url, String json) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) throw new IllegalStateException(url + ": HTTP " + response.statusCode() + " " + response.body());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The binaries it runs (and their kubectl). */
    public KubeBinaries binaries() {
        return binaries;
    }

    /** Where etcd.log and kube-apiserver.log go. */
    public Path logDir() {
        return logDir;
    }

    /** Creates or updates a CRD from a YAML file and waits until it is Established (its API is served). */
    public CustomResourceDefinition installCrd(Path yaml) {
        try (InputStream in = Files.newInputStream(yaml)) {
            return installCrd(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #installCrd(Path)}, from a stream (a CRD packaged in the jar). */
    public CustomResourceDefinition installCrd(InputStream yaml) {
        CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions().load(yaml).item();
        admin.resource(crd).createOr(NonDeletingOperation::update);
        return admin.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(LocalApiServer::established, 30, TimeUnit.SECONDS);
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void startEtcd(int clientPort, int peerPort) throws IOException {
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        launch("etcd", List.of(binaries.etcd().toString(),
                "--name=kulta-test",
                "--data-dir=" + work.resolve("etcd"),
                "--listen-client-urls=" + client, "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=kulta-test=" + peer,
                "--unsafe-no-fsync")); // throwaway data: durability only costs test time
    }

    private void startApiServer(int etcdPort) throws IOException {
        KeyPair serviceAccountKey = rsaKeyPair();
        Path publicKey = Files.writeString(work.resolve("sa.pub"), pem("PUBLIC KEY", serviceAccountKey.getPublic().getEncoded()));
        Path privateKey = Files.writeString(work.resolve("sa.key"), pem("PRIVATE KEY", serviceAccountKey.getPrivate().getEncoded()));
        StringBuilder tokenFile = new StringBuilder();
        tokens.forEach((user, token) -> tokenFile.append("%s,%s,%s,\"%s\"%n".formatted(token, user, user, USERS.get(user))));
        Path tokenPath = Files.writeString(work.resolve("tokens.csv"), tokenFile);

        Path auditPolicy = Files.writeString(work.resolve("audit-policy.yaml"), audit.policy());
        launch("kube-apiserver", List.of(binaries.kubeApiserver().toString(),
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--cert-dir=" + work.resolve("certs"),
                "--secure-port=" + ports[2],
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--authorization-mode=RBAC",
                "--token-auth-file=" + tokenPath,
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + publicKey,
                "--service-account-signing-key-file=" + privateKey,
                "--service-cluster-ip-range=10.0.0.0/24",
                "--disable-admission-plugins=ServiceAccount",
                // as on OpenShift and hardened clusters: blockOwnerDeletion needs update on the owner's finalizers
                "--enable-admission-plugins=OwnerReferencesPermissionEnforcement",
                "--allow-privileged=true",
                // Watches go to etcd itself, so a test can expire one by compacting etcd. All kinds, not a list of them:
                // --watch-cache-sizes is ignored for custom resources such as Rollouts.
                "--watch-cache=false",
                "--audit-policy-file=" + auditPolicy,
                "--audit-log-path=" + auditLog(),
                "--audit-log-format=json",
                "--audit-log-mode=blocking"));
    }

    private void launch(String name, List<String> command) throws IOException {
        Path log = log(name);
        Files.writeString(log, String.join(" \\\n  ", command) + "\n\n");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        process.getOutputStream().close();
        processes.add(process);
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            for (int i = 0; i < processes.size(); i++) {
                if (!processes.get(i).isAlive()) {
                    String name = i == 0 ? "etcd" : "kube-apiserver";
                    throw new IllegalStateException(name + " exited with code " + processes.get(i).exitValue()
                            + "; see " + log(name).toAbsolutePath());
                }
            }
            try {
                if ("ok".equals(admin.raw("/readyz"))) {
                    return;
                }
            } catch (KubernetesClientException e) {
                last = e.getMessage();
            }
            sleep(200);
        }
        throw new IllegalStateException("kube-apiserver not ready after " + START_TIMEOUT.toSeconds() + " s (" + last
                + "); see " + log("kube-apiserver").toAbsolutePath());
    }

    @Override
    public void close() {
        admin.close();
        stop();
    }

    /** Stops the API server first, so it does not spend its last seconds retrying a vanished etcd. */
    private synchronized void stop() {
        if (watchdog != null) {
            watchdog.close();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        deleteRecursively(work);
    }

    private Path log(String process) {
        return logDir.resolve(process + logSuffix + ".log");
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
