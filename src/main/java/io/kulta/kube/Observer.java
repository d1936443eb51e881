package io.kulta.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.kulta.core.Labels;
import io.kulta.core.ObservedTraffic;
import io.kulta.core.ServiceSelection;
import io.kulta.core.Timestamps;
import io.kulta.core.Observation;
import io.kulta.core.References;
import io.kulta.core.ReplicaSetState;
import io.kulta.core.RevisionHash;
import io.kulta.core.analysis.Measurement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kulta.model.Rollout;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/** Turns a Rollout key into an {@link Observation}, reading only the informer caches. */
public final class Observer {
    private final KubeCaches caches;
    private final WrittenVersions written;
    private final Clock clock;
    private final Function<String, Measurement> measurements;
    private final Consumer<String> forgetDeleted;
    private final BiConsumer<String, Duration> lookAgain;

    /**
     * @param measurements  the latest analysis measurement of a Rollout key, or null
     * @param forgetDeleted drops what other beans keep in memory for a Rollout key that is gone
     * @param lookAgain     queues a Rollout key to be reconciled after a delay
     */
    public Observer(KubeCaches caches, WrittenVersions written, Clock clock, Function<String, Measurement> measurements,
                    Consumer<String> forgetDeleted, BiConsumer<String, Duration> lookAgain) {
        this.caches = caches;
        this.written = written;
        this.clock = clock;
        this.measurements = measurements;
        this.forgetDeleted = forgetDeleted;
        this.lookAgain = lookAgain;
    }

    /** The observation, or null when the Rollout is gone or the cache has not seen our last write yet. */
    public Observation observe(String key) {
        Rollout rollout = caches.rollout(key);
        if (rollout == null) {
            written.forget(key);
            forgetDeleted.accept(key);
            return null;
        }
        return observe(key, rollout);
    }

    /**
     * The observation of a Rollout the model cannot read, from a stand-in without its unreadable fields (see
     * {@link RolloutReader#readLeniently}); an unreadable {@code spec.replicas} is taken to be the
     * pods its last status counted ({@code status.replicas}). Null when it is gone, nothing of it reads, or the cache has not seen our last write yet.
     */
    public Observation observeLeniently(String key) {
        RolloutReader.Lenient lenient = caches.readLeniently(key);
        if (lenient == null || lenient.rollout() == null) return null;
        Observation o = observe(key, lenient.rollout());
        if (o == null || lenient.leftOut().stream().noneMatch(f -> f.startsWith("spec.replicas:"))) return o;
        // the pods the last status counted: at least N mid-rollout (make-before-break), and not changed by this cleanup
        Integer counted = o.status().replicas;
        int n = counted != null && counted > 0 ? counted
                : o.replicaSets().values().stream().mapToInt(ReplicaSetState::desired).max().orElse(0);
        if (n > 0) lenient.rollout().getSpec().replicas = n;
        return o;
    }

    private Observation observe(String key, Rollout rollout) {
        if (written.isStale(key, rollout.getMetadata().getResourceVersion())) return null;
        String ns = rollout.getMetadata().getNamespace();
        Optional<Duration> behind = written.childrenBehind(key, child -> cachedVersion(ns, child));
        if (behind.isPresent()) {   // the event of our write will bring it back; this is in case it never comes
            lookAgain.accept(key, behind.get());
            return null;
        }
        Map<String, ReplicaSetState> replicaSets = new HashMap<>();
        for (ReplicaSet rs : caches.replicaSetsOf(ns, rollout.getMetadata().getName())) {
            if (!ownedBy(rs, rollout)) continue;
            String revision = rs.getMetadata().getLabels().get(Labels.POD_TEMPLATE_HASH);
            if (revision != null) replicaSets.put(revision, state(rs, revision));
        }
        References refs = References.of(rollout);
        Set<String> services = new LinkedHashSet<>();
        Map<String, ServiceSelection> selections = new HashMap<>();
        for (String s : refs.services()) {
            Service service = caches.service(ns, s);
            if (service == null) continue;
            services.add(s);
            selections.put(s, selection(service));
        }
        HTTPRoute route = refs.httpRoute() == null ? null : caches.httpRoute(ns, refs.httpRoute());
        Set<String> routes = route != null ? Set.of(refs.httpRoute()) : Set.of();
        return new Observation(rollout, Map.copyOf(replicaSets), Set.copyOf(services), routes, clock.instant(),
                measurements.apply(key), new ObservedTraffic(Map.copyOf(selections), ObservedTraffic.weightsIn(route)));
    }

    /** The cached resourceVersion of a child written as {@code rs/<name>}, {@code svc/<name>} or {@code route/<name>}. */
    private String cachedVersion(String namespace, String child) {
        int slash = child.indexOf('/');
        String name = child.substring(slash + 1);
        HasMetadata cached = switch (child.substring(0, slash)) {
            case "rs" -> caches.replicaSet(namespace, name);
            case "svc" -> caches.service(namespace, name);
            default -> caches.httpRoute(namespace, name);
        };
        return cached == null ? null : cached.getMetadata().getResourceVersion();
    }

    /** The revision the Service selects (none of ours while KULTA's type key is still in its selector) and since when. */
    static ServiceSelection selection(Service service) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        if (selector == null || selector.containsKey(Labels.KULTA_TYPE)) return ServiceSelection.NONE;
        Map<String, String> annotations = service.getMetadata().getAnnotations();
        String since = annotations == null ? null : annotations.get(Labels.SELECTED_SINCE);
        return new ServiceSelection(selector.get(Labels.POD_TEMPLATE_HASH), Timestamps.parse(since));
    }

    private static boolean ownedBy(ReplicaSet rs, Rollout rollout) {
        List<OwnerReference> owners = rs.getMetadata().getOwnerReferences();
        if (owners == null || owners.isEmpty() || rollout.getMetadata().getUid() == null) return true;
        return owners.stream().anyMatch(o -> rollout.getMetadata().getUid().equals(o.getUid()));
    }

    private static ReplicaSetState state(ReplicaSet rs, String revision) {
        ReplicaSetStatus s = rs.getStatus();
        int desired = rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
        return new ReplicaSetState(rs.getMetadata().getName(), revision, desired,
                s == null ? 0 : orZero(s.getReplicas()), s == null ? 0 : orZero(s.getReadyReplicas()),
                s == null ? 0 : orZero(s.getAvailableReplicas()), templateRevision(rs, revision), created(rs));
    }

    /** Ours carry our hash as their label; one adopted from KULTA is hashed here, without the labels KULTA added. */
    private static String templateRevision(ReplicaSet rs, String revision) {
        if (rs.getMetadata().getLabels().containsKey(Labels.ROLLOUT) || rs.getSpec() == null || rs.getSpec().getTemplate() == null)
            return revision;
        PodTemplateSpec template = new PodTemplateSpecBuilder(rs.getSpec().getTemplate()).build();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            var labels = new java.util.HashMap<>(template.getMetadata().getLabels());
            labels.keySet().removeAll(Set.of(Labels.POD_TEMPLATE_HASH, Labels.KULTA_TYPE, Labels.MANAGED));
            template.getMetadata().setLabels(labels);
        }
        return RevisionHash.of(template);
    }

    private static java.time.Instant created(ReplicaSet rs) {
        String t = rs.getMetadata().getCreationTimestamp();
        try {
            return t == null ? null : java.time.Instant.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
