package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.core.Labels;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import io.kulta.testing.KubeletSimulator;
import io.kulta.testing.MockKubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A Kubernetes API (the CRUD mock with its fixes and the Rollout CRD) with a kubelet simulator, seen the
 * way a user sees it: apply files, edit the Rollout, read ReplicaSets, selectors, weights and status.
 */
public final class KultaCluster implements AutoCloseable {
    public static final Path CRD = Path.of("deploy/crd.yaml");

    private final MockKubernetes api;
    private final KubeletSimulator kubelet;
    private final KubernetesClient client;
    private final String namespace;

    public KultaCluster(String namespace, boolean https) {
        this.namespace = namespace;
        this.api = new MockKubernetes(https);
        api.installCrd(CRD);
        this.client = api.newClient(namespace);
        this.kubelet = new KubeletSimulator(api.client());
    }

    public MockKubernetes api() {
        return api;
    }

    public KubeletSimulator kubelet() {
        return kubelet;
    }

    /** A client the controller under test may use (its own, in this namespace). */
    public KubernetesClient controllerClient() {
        return api.newClient(namespace);
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
                .filter(e -> rollout.equals(e.getInvolvedObject().getName()))
                .sorted(java.util.Comparator.comparing(Event::getLastTimestamp).thenComparing(e -> e.getMetadata().getName()))
                .toList();
    }

    @Override
    public void close() {
        kubelet.close();
        api.close();
    }
}
