package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.core.Labels;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import io.kulta.playground.KubeletSimulator;
import io.kulta.playground.MockKubernetes;
import io.kulta.testing.TrafficInvariant;
import io.kulta.testing.ownership.OwnershipCheck;
import io.kulta.testing.real.ControllerRbac;
import io.kulta.testing.real.CuttableProxy;
import io.kulta.testing.real.FaultyApiProxy;
import io.kulta.testing.real.RealKubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A Kubernetes API with the Rollout CRD and a kubelet simulator, seen the way a user sees it: apply files, edit the
 * Rollout, read ReplicaSets, selectors, weights and status. Either tier: the CRUD mock with its fixes, or the real
 * API server, where each cluster is a fresh namespace and the controller is a user with deploy/rbac.yaml's rights.
 */
public final class KultaCluster implements AutoCloseable {
    public static final Path CRD = Path.of("deploy/crd.yaml");
    /** The controller's Lease (kulta.leaseName's default): the one Lease it may write. */
    static final String LEASE = "kulta-controller-leader";

    private final MockKubernetes mock; // null on the real tier
    private final RealKubernetes real; // null on the mock tier
    private final long auditStart; // real tier: where the audit log ended before the namespace was created
    private final KubeletSimulator kubelet;
    private final KubernetesClient client;
    private final KubernetesClient kubeletClient;
    private final Supplier<KubernetesClient> controllerClients;
    private final String namespace;
    private final TrafficInvariant traffic;

    /** The mock tier: a new MockKubernetes for this cluster alone. */
    public KultaCluster(String namespace, boolean https) {
        this(namespace, https, io.fabric8.kubernetes.client.Config.DEFAULT_REQUEST_RETRY_BACKOFFLIMIT);
    }

    /** The mock tier, the controller's client retrying a 5xx itself at most {@code controllerRequestRetries} times. */
    public KultaCluster(String namespace, boolean https, int controllerRequestRetries) {
        this.namespace = namespace;
        this.mock = new MockKubernetes(https);
        this.real = null;
        this.auditStart = 0;
        mock.writes().enable();
        mock.installCrd(CRD);
        this.client = mock.newClient(namespace);
        this.kubeletClient = null;
        this.kubelet = new KubeletSimulator(mock.client());
        this.controllerClients = () -> mock.newClient(namespace, controllerRequestRetries);
        this.traffic = new TrafficInvariant(client);
    }

    private KultaCluster(RealKubernetes api, long auditStart, String namespace, Supplier<KubernetesClient> controllerClients) {
        this.mock = null;
        this.real = api;
        this.auditStart = auditStart;
        this.namespace = namespace;
        this.client = api.newClient("admin", namespace);
        this.kubeletClient = api.newClient("admin", namespace);
        this.kubelet = new KubeletSimulator(kubeletClient);
        this.controllerClients = controllerClients;
        this.traffic = new TrafficInvariant(client);
    }

    /** The real tier: a fresh namespace; the controller is user kulta-controller, bound to deploy/rbac.yaml's role. */
    public static KultaCluster onRealApiServer(RealKubernetes api, String namespacePrefix) {
        ControllerRbac.bind(api, ControllerRbac.USER, ControllerRbac.deployRole());
        return onRealApiServer(api, namespacePrefix, ControllerRbac.USER);
    }

    /** The real tier with the controller logged in as this user, whose rights the caller has bound. */
    public static KultaCluster onRealApiServer(RealKubernetes api, String namespacePrefix, String controllerUser) {
        return onRealApiServerWith(api, namespacePrefix, namespace -> api.newClient(controllerUser, namespace));
    }

    /** The real tier, the controller as kulta-controller talking to the server through this proxy. */
    public static KultaCluster onRealApiServer(RealKubernetes api, String namespacePrefix, CuttableProxy via) {
        ControllerRbac.bind(api, ControllerRbac.USER, ControllerRbac.deployRole());
        return onRealApiServerWith(api, namespacePrefix, namespace -> api.newClient(ControllerRbac.USER, namespace, via));
    }

    /** The real tier, the controller as kulta-controller talking to the server through this fault proxy. */
    public static KultaCluster onRealApiServer(RealKubernetes api, String namespacePrefix, FaultyApiProxy via) {
        ControllerRbac.bind(api, ControllerRbac.USER, ControllerRbac.deployRole());
        return onRealApiServerWith(api, namespacePrefix, namespace -> api.newClient(ControllerRbac.USER, namespace, via));
    }

    /** A fresh namespace on the real tier, its audit log read from now on; the controller's client made for that namespace. */
    private static KultaCluster onRealApiServerWith(RealKubernetes api, String namespacePrefix,
                                                    java.util.function.Function<String, KubernetesClient> controllerClient) {
        long auditStart = api.auditLogEnd();
        String namespace = api.createNamespace(namespacePrefix);
        return new KultaCluster(api, auditStart, namespace, () -> controllerClient.apply(namespace));
    }

    public boolean isMock() {
        return mock != null;
    }

    /** The mock server, for what only it has: the request log and failure injection. */
    public MockKubernetes api() {
        if (mock == null) throw new IllegalStateException("only the mock tier has a request log and failure injection");
        return mock;
    }

    /** The user's client (all rights), in this cluster's namespace. */
    public KubernetesClient client() {
        return client;
    }

    public KubeletSimulator kubelet() {
        return kubelet;
    }

    /** A new client for the controller under test (its own, in this namespace; the controller closes it). */
    public KubernetesClient controllerClient() {
        return controllerClients.get();
    }

    public String namespace() {
        return namespace;
    }

    public void apply(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            for (HasMetadata item : client.load(in).items()) {
                item.getMetadata().setNamespace(namespace);
                client.resource(item).create();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void create(HasMetadata item) {
        item.getMetadata().setNamespace(namespace);
        client.resource(item).create();
    }

    public Rollout rollout(String name) {
        return client.resources(Rollout.class).withName(name).get();
    }

    public RolloutStatus status(String name) {
        Rollout r = rollout(name);
        return r.getStatus() == null ? new RolloutStatus() : r.getStatus();
    }

    /** Edits like kubectl edit: on a conflict with the controller's own writes, read again and retry. */
    public void editRollout(String name, UnaryOperator<Rollout> edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(Rollout.class).withName(name).edit(edit);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) throw e;
            }
        }
    }

    public void setImage(String rollout, String image) {
        editRollout(rollout, r -> {
            r.getSpec().template.getSpec().getContainers().get(0).setImage(image);
            return r;
        });
    }

    /** The revision (pod-template-hash) the Rollout's template would have with this image in its first container. */
    public String revisionWithImage(String rollout, String image) {
        Rollout r = rollout(rollout);
        r.getSpec().template.getSpec().getContainers().get(0).setImage(image);
        return io.kulta.core.RevisionHash.of(r.getSpec().template);
    }

    public void annotate(String rollout, String key, String value) {
        editRollout(rollout, r -> {
            r.getMetadata().getAnnotations().put(key, value);
            return r;
        });
    }

    /** Desired replicas of each ReplicaSet of the Rollout, by revision. */
    public Map<String, Integer> replicas(String rollout) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ReplicaSet rs : replicaSets(rollout))
            out.put(rs.getMetadata().getLabels().get(Labels.POD_TEMPLATE_HASH), rs.getSpec().getReplicas());
        return out;
    }

    /** The Rollout's ReplicaSets: those it owns (including ones adopted from KULTA) or labelled for it. */
    public List<ReplicaSet> replicaSets(String rollout) {
        return client.apps().replicaSets().list().getItems().stream()
                .filter(rs -> rollout.equals(rs.getMetadata().getLabels().get(Labels.ROLLOUT))
                        || rs.getMetadata().getOwnerReferences().stream().anyMatch(o -> rollout.equals(o.getName())))
                .toList();
    }

    public Map<String, String> selector(String service) {
        Service s = client.services().withName(service).get();
        return s.getSpec().getSelector();
    }

    public HTTPRoute route(String name) {
        return client.resources(HTTPRoute.class).withName(name).get();
    }

    /** backendRef name → weight in one rule of the route. */
    public Map<String, Integer> weights(String route, int rule) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (HTTPBackendRef ref : route(route).getSpec().getRules().get(rule).getBackendRefs())
            out.put(ref.getName(), ref.getWeight());
        return out;
    }

    public List<String> eventReasons(String rollout) {
        return events(rollout).stream().map(Event::getReason).toList();
    }

    public List<Event> events(String rollout) {
        return client.v1().events().list().getItems().stream()
                .filter(e -> "Rollout".equals(e.getInvolvedObject().getKind()) && rollout.equals(e.getInvolvedObject().getName()))
                .sorted(java.util.Comparator.comparing(Event::getLastTimestamp, java.util.Comparator.nullsFirst(String::compareTo))
                        .thenComparing(e -> e.getMetadata().getName()))
                .toList();
    }

    /** The SPEC §3 traffic invariant, checked on every change the API server reported for this cluster so far. */
    public TrafficInvariant traffic() {
        return traffic;
    }

    /**
     * Every write the controller made so far, checked against what it owns (issue 18 item 4). The mock API records each
     * write with the object before and after it; the real one logs each with the objects sent and answered, read since
     * just before this cluster's namespace was created.
     */
    public OwnershipCheck.Result ownership() {
        if (mock == null) return real.ownership(auditStart, namespace, LEASE);
        List<String> rollouts = api().client().genericKubernetesResources(Rollout.API_VERSION, "Rollout").inAnyNamespace()
                .list().getItems().stream().map(Serialization::asJson).toList();
        return new OwnershipCheck(LEASE).check(api().writes().writes(), rollouts);
    }

    /**
     * Closes everything; fails if any observation of the test broke the traffic invariant, or if the controller wrote
     * anything it does not own.
     */
    @Override
    public void close() {
        List<String> violations = traffic.violations();
        OwnershipCheck.Result owned = ownership();
        traffic.close();
        kubelet.close();
        if (mock != null) {
            mock.close();
        } else {
            kubeletClient.close();
            client.close();
        }
        List<String> failures = new ArrayList<>();
        if (!violations.isEmpty())
            failures.add("traffic reached an empty or undersized backend (SPEC §3 \"Traffic safety\"):\n  "
                    + String.join("\n  ", violations.subList(0, Math.min(20, violations.size()))));
        System.out.println("ownership: " + owned.checked() + " controller writes checked in " + namespace
                + (mock == null ? " (real API server), " : ", ") + owned.violations().size() + " not the controller's");
        if (!owned.violations().isEmpty())
            failures.add("the controller wrote what it does not own (issue 18 item 4, SPEC §3):\n  "
                    + String.join("\n  ", owned.violations().subList(0, Math.min(20, owned.violations().size()))));
        if (!failures.isEmpty()) throw new AssertionError(String.join("\n", failures));
    }
}
