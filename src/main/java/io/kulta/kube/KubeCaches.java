package io.kulta.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.kulta.core.Labels;
import io.kulta.core.References;
import io.kulta.model.Rollout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Informers on Rollouts and on what they drive (the ReplicaSets KULTA manages, Services, HTTPRoutes):
 * every reconcile reads from these caches, and every change hands the key of the Rollout it concerns
 * to {@code onChange}. fabric8 informers list, then watch, and re-list after a 410 Gone; one that has not watched for
 * longer than the resync is restarted ({@link #restartInformersNotWatching}).
 */
public final class KubeCaches implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeCaches.class);
    private static final String REFS = "refs";
    private static final String OWNER = "owner";
    /** Lists come in pages of this many: one request for 10,000 Rollouts outlasts the client's request timeout. */
    private static final long LIST_PAGE = 500;
    /** How long start-up keeps asking discovery through 429s, 5xx and dropped connections before it gives up. */
    private static final Duration DISCOVERY_PATIENCE = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final String namespace;
    private final Consumer<String> onChange;
    private final Duration restartAfter;
    private final Consumer<String> onRestart;

    private final List<RestartableInformer<?>> informers = new CopyOnWriteArrayList<>();   // read by /readyz
    private final List<ResourceEventHandler<HasMetadata>> rolloutHandlers = new ArrayList<>();
    private final RolloutReader reader = new RolloutReader();
    private RestartableInformer<GenericKubernetesResource> rollouts;   // as stored: one the model cannot read must not fail the list
    private RestartableInformer<ReplicaSet> replicaSets;
    private RestartableInformer<Service> services;
    private RestartableInformer<HTTPRoute> httpRoutes;

    /** @param namespace one namespace to watch, or null/blank for all */
    public KubeCaches(KubernetesClient client, String namespace, Consumer<String> onChange) {
        this(client, namespace, onChange, Duration.ofSeconds(30), kind -> { });
    }

    /**
     * @param restartAfter an informer that has not watched for longer than this (the resync period) is restarted
     * @param onRestart    told the kind of each informer restarted
     */
    public KubeCaches(KubernetesClient client, String namespace, Consumer<String> onChange, Duration restartAfter,
                      Consumer<String> onRestart) {
        this.client = client;
        this.namespace = namespace == null || namespace.isBlank() ? null : namespace;
        this.onChange = onChange;
        this.restartAfter = restartAfter;
        this.onRestart = onRestart;
    }

    /** Starts the informers and returns at once: they list, then watch; {@link #synced()} says when every cache is full. */
    public void start() {
        rollouts = informer(client.genericKubernetesResources(ResourceDefinitionContext.fromResourceType(Rollout.class)), null, "Rollout");
        rollouts.addIndexers(Map.of(REFS, raw -> referenceKeys(reader.read(raw))));
        rollouts.addEventHandler(handler(r -> List.of(Cache.metaNamespaceKeyFunc(r))));
        rolloutHandlers.forEach(rollouts::addEventHandler);
        replicaSets = informer(client.apps().replicaSets(), Labels.MANAGED, "ReplicaSet");
        replicaSets.addIndexers(Map.of(OWNER, KubeCaches::ownerKey));
        replicaSets.addEventHandler(handler(KubeCaches::ownerKey));
        services = informer(client.services(), null, "Service");
        services.addEventHandler(handler(s -> rolloutsReferencing("svc", s)));
        if (new ServedKinds(client, DISCOVERY_PATIENCE).serves(HTTPRoute.class)) {
            httpRoutes = informer(client.resources(HTTPRoute.class), null, "HTTPRoute");
            httpRoutes.addEventHandler(handler(r -> rolloutsReferencing("route", r)));
        } else {
            LOG.warn("the cluster serves no Gateway API HTTPRoute (gateway.networking.k8s.io/v1): "
                    + "Rollouts with trafficRouting.gatewayAPI will report their HTTPRoute as not found");
        }
        long now = System.nanoTime();
        for (RestartableInformer<?> i : informers) i.start(restartAfter, now);
    }

    /**
     * Restarts every informer that has not watched for longer than the resync (see {@link RestartableInformer}): with
     * every watch refused, fabric8 alone would re-list only as often as its backoff (up to 32 s) lets it. Real time,
     * not the controller's clock: a test's frozen or fast clock must not stop or hurry this.
     */
    public void restartInformersNotWatching() {
        long now = System.nanoTime();
        for (RestartableInformer<?> i : informers) {
            i.restartIfNotWatching(now).ifPresent(without -> {
                LOG.warn("informer of {} had no working watch for {} s (longer than the resync, {} s): restarted it from a fresh list",
                        i.kind(), without.toMillis() / 1000.0, restartAfter.toSeconds());
                onRestart.accept(i.kind());
            });
        }
    }

    /** Also tells this handler of every Rollout added, changed or deleted (register before start). */
    public void addRolloutHandler(ResourceEventHandler<HasMetadata> handler) {
        rolloutHandlers.add(handler);
    }

    public boolean synced() {
        return !informers.isEmpty() && notSynced().isEmpty();
    }

    /** The kinds whose cache has not had its first full list yet, e.g. [Rollout, ReplicaSet]. */
    public List<String> notSynced() {
        if (informers.isEmpty()) return List.of("informers not started");
        return informers.stream().filter(i -> !i.hasSynced()).map(RestartableInformer::kind).toList();
    }

    /** The Rollout, or null when it is gone or the model cannot read it (see {@link #read}). */
    public Rollout rollout(String key) {
        RolloutReader.Read read = read(key);
        return read == null ? null : read.rollout();
    }

    /** The Rollout as read into the model, or as stored with the field that could not be read; null when gone. */
    public RolloutReader.Read read(String key) {
        GenericKubernetesResource raw = rollouts.store().getByKey(key);
        if (raw != null) return reader.read(raw);
        reader.forget(key);
        return null;
    }

    /** The Rollout read leniently (see {@link RolloutReader#readLeniently}); null when gone. */
    public RolloutReader.Lenient readLeniently(String key) {
        GenericKubernetesResource raw = rollouts.store().getByKey(key);
        return raw == null ? null : reader.readLeniently(raw);
    }

    /** Every Rollout the model can read. */
    public List<Rollout> rollouts() {
        if (rollouts == null) return List.of();
        return rollouts.store().list().stream().map(reader::read).filter(RolloutReader.Read::readable).map(RolloutReader.Read::rollout).toList();
    }

    /** Every Rollout the cache holds; none before the informers start (they list them all then anyway). */
    public List<String> rolloutKeys() {
        return rollouts == null ? List.of() : rollouts.store().listKeys();
    }

    /** The Rollout's ReplicaSets: ours by label, and KULTA's (adopted) by their owner reference. */
    public List<ReplicaSet> replicaSetsOf(String namespace, String rollout) {
        return replicaSets.indexer().byIndex(OWNER, namespace + "/" + rollout);
    }

    public ReplicaSet replicaSet(String namespace, String name) {
        return replicaSets.store().getByKey(namespace + "/" + name);
    }

    public Service service(String namespace, String name) {
        return services.store().getByKey(namespace + "/" + name);
    }

    public HTTPRoute httpRoute(String namespace, String name) {
        return httpRoutes == null ? null : httpRoutes.store().getByKey(namespace + "/" + name);
    }

    @Override
    public void close() {
        informers.forEach(RestartableInformer::close);
        informers.clear();
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>> RestartableInformer<T> informer(
            MixedOperation<T, L, R> op, String label, String kind) {
        Informable<T> scope = namespace == null
                ? (label == null ? op.inAnyNamespace() : op.inAnyNamespace().withLabel(label, "true"))
                : (label == null ? op.inNamespace(namespace) : op.inNamespace(namespace).withLabel(label, "true"));
        RestartableInformer<T> informer = new RestartableInformer<>(kind, () -> scope.withLimit(LIST_PAGE).runnableInformer(0));
        informers.add(informer);
        return informer;
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(Function<T, List<String>> keys) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                keys.apply(obj).forEach(onChange);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                keys.apply(newObj).forEach(onChange);
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                keys.apply(obj).forEach(onChange);
            }
        };
    }

    private List<String> rolloutsReferencing(String kind, HasMetadata obj) {
        String indexKey = kind + ":" + obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
        return rollouts.indexer().byIndex(REFS, indexKey).stream().map(Cache::metaNamespaceKeyFunc).toList();
    }

    private static List<String> referenceKeys(RolloutReader.Read read) {
        if (!read.readable()) return List.of();
        Rollout r = read.rollout();
        String ns = r.getMetadata().getNamespace();
        References refs = References.of(r);
        List<String> keys = new ArrayList<>();
        refs.services().forEach(s -> keys.add("svc:" + ns + "/" + s));
        if (refs.httpRoute() != null) keys.add("route:" + ns + "/" + refs.httpRoute());
        return keys;
    }

    private static List<String> ownerKey(ReplicaSet rs) {
        String rollout = rolloutOf(rs);
        return rollout == null ? List.of() : List.of(rs.getMetadata().getNamespace() + "/" + rollout);
    }

    private static String rolloutOf(ReplicaSet rs) {
        String byLabel = labels(rs).get(Labels.ROLLOUT);
        if (byLabel != null) return byLabel;
        var owners = rs.getMetadata().getOwnerReferences();
        String byOwner = owners == null ? null : owners.stream()
                .filter(o -> "Rollout".equals(o.getKind()) && o.getApiVersion() != null && o.getApiVersion().startsWith(Rollout.GROUP + "/"))
                .map(io.fabric8.kubernetes.api.model.OwnerReference::getName).findFirst().orElse(null);
        if (byOwner != null) return byOwner;
        String type = labels(rs).get(Labels.KULTA_TYPE);   // KULTA's <rollout>-<type> naming
        String name = rs.getMetadata().getName();
        return type != null && name.endsWith("-" + type) ? name.substring(0, name.length() - type.length() - 1) : null;
    }

    private static Map<String, String> labels(HasMetadata obj) {
        return obj.getMetadata().getLabels() == null ? Map.of() : obj.getMetadata().getLabels();
    }
}
