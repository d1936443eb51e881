package io.kulta.playground;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kulta.core.Labels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends requests through the namespace's HTTPRoutes to per-revision fake pods; exposes their metrics.
 *
 * <p>Every tick, per HTTPRoute, {@code requestsPerSecond} worth of requests: half {@code GET /}, half spread over
 * requests that carry the matches of the route's own rules (so A/B variant traffic exists). Each goes where a gateway
 * and kube-proxy would send it: {@link GatewayRequestMatcher} picks the rule, a backendRef is drawn by weight, the
 * Service's selector picks the ReplicaSets whose pod template it matches, one is drawn by its ready pods, and the
 * {@link PodBehaviour} of its image answers. The objects come from informers, as a gateway's view would.
 */
public final class TrafficSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficSimulator.class);
    private static final long TICK_MILLIS = 200;
    private static final Duration SNAPSHOT_EVERY = Duration.ofSeconds(1);
    private static final Duration RECENT = Duration.ofSeconds(5);
    // about 15 MB; a correct rollout records none, a broken route at 20 requests/s fills it in 80 minutes
    private static final int MAX_EMPTY_BACKEND_RECORDS = 100_000;

    private final String namespace;
    private final double requestsPerSecond;
    private final SharedIndexInformer<HTTPRoute> routes;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final AppMetrics metrics = new AppMetrics();
    private final MetricsHistory history = new MetricsHistory(Duration.ofHours(1));
    private final MetricsEndpoint endpoint;
    private final Map<String, PodBehaviour> behaviours = new ConcurrentHashMap<>();
    private final List<String> emptyBackends = new ArrayList<>();
    private final Map<String, Double> unsent = new HashMap<>();   // per route: the fraction of a request not sent yet
    private final Random random;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "traffic-simulator");
        t.setDaemon(true);
        return t;
    });
    private long lastTick = System.nanoTime();
    private Instant lastSnapshot = Instant.EPOCH;

    private TrafficSimulator(KubernetesClient client, String namespace, double requestsPerSecond, int port, long seed) {
        this.namespace = namespace;
        this.requestsPerSecond = requestsPerSecond;
        this.random = new Random(seed);
        this.routes = client.resources(HTTPRoute.class).inNamespace(namespace).runnableInformer(0);
        this.services = client.services().inNamespace(namespace).runnableInformer(0);
        this.replicaSets = client.apps().replicaSets().inNamespace(namespace).runnableInformer(0);
        this.endpoint = new MetricsEndpoint(metrics, port);
        try {
            List.of(routes, services, replicaSets).forEach(SharedIndexInformer::start);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        snapshot(Instant.now());
        ticker.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts sending requestsPerSecond through every HTTPRoute of the namespace; /metrics on 127.0.0.1:port (0 = any). */
    public static TrafficSimulator start(KubernetesClient client, String namespace, double requestsPerSecond, int port) {
        return new TrafficSimulator(client, namespace, requestsPerSecond, port, 16);
    }

    /** How pods running this container image answer (match on the first container's image of the ReplicaSet template). */
    public void behave(String image, PodBehaviour behaviour) {
        behaviours.put(image, behaviour);
    }

    /** host:port of /metrics (http_requests_total{namespace,rollout,revision,status}, http_request_duration_seconds_*). */
    public String metricsTarget() {
        return endpoint.target();
    }

    /** Per revision (pod-template-hash) of this Rollout, over the last few seconds; revisions without pods or traffic left out. */
    public List<RevisionTraffic> traffic(String namespace, String rollout) {
        if (!this.namespace.equals(namespace)) return List.of();
        Instant now = Instant.now();
        var recent = history.range(now.minus(RECENT), now, s -> s.name().equals("http_requests_total")
                && namespace.equals(s.labels().get("namespace")) && rollout.equals(s.labels().get("rollout")));
        List<RevisionTraffic> out = new ArrayList<>();
        replicaSets.getStore().list().stream().filter(rs -> rollout.equals(label(rs, Labels.ROLLOUT)))
                .sorted(Comparator.comparing(rs -> rs.getMetadata().getCreationTimestamp() == null ? "" : rs.getMetadata().getCreationTimestamp()))
                .forEach(rs -> {
                    String revision = label(rs, Labels.POD_TEMPLATE_HASH);
                    double[] rate = RecentRate.of(recent, revision);
                    int ready = ready(rs);
                    int desired = rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
                    if (ready > 0 || desired > 0 || rate[0] > 0)
                        out.add(new RevisionTraffic(revision, image(rs), ready, rate[0], rate[1]));
                });
        return out;
    }

    /**
     * Every request that found no ready pod behind the backend the route chose (must stay empty in a correct rollout),
     * oldest first: time, request, route and rule, Service and why. Also a rule whose backendRefs all weigh 0 (the
     * gateway's 500) and a backendRef naming a Service that does not exist. Kept up to 100,000 entries.
     */
    public List<String> requestsToEmptyBackends() {
        synchronized (emptyBackends) {
            return List.copyOf(emptyBackends);
        }
    }

    /** The snapshots of the counters, one a second, for the simulated Prometheus query API. */
    MetricsHistory history() {
        return history;
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            double seconds = (now - lastTick) / 1e9;
            lastTick = now;
            for (HTTPRoute route : routes.getStore().list()) sendThrough(route, seconds);
            Instant wall = Instant.now();
            if (!wall.isBefore(lastSnapshot.plus(SNAPSHOT_EVERY))) snapshot(wall);
        } catch (RuntimeException e) {
            LOG.warn("traffic simulator tick failed; the next tick tries again: {}", e.toString());
        }
    }

    private void snapshot(Instant now) {
        lastSnapshot = now;
        history.add(now, metrics.samples());
    }

    private void sendThrough(HTTPRoute route, double seconds) {
        String key = route.getMetadata().getName();
        double due = unsent.getOrDefault(key, 0.0) + requestsPerSecond * seconds;
        int n = (int) due;
        unsent.put(key, due - n);
        List<GatewayRequest> probes = RouteProbes.of(route);
        for (int i = 0; i < n; i++) {
            GatewayRequest request = probes.isEmpty() || random.nextBoolean()
                    ? GatewayRequest.get("/") : probes.get(random.nextInt(probes.size()));
            send(route, request);
        }
    }

    private void send(HTTPRoute route, GatewayRequest request) {
        var rule = GatewayRequestMatcher.route(route, request);
        if (rule.isEmpty()) return;   // the gateway's 404: no rule of this route serves it
        String where = "route " + route.getMetadata().getName() + " rule " + rule.get().index()
                + (rule.get().rule().getName() == null ? "" : " (" + rule.get().rule().getName() + ")");
        Optional<HTTPBackendRef> backend = byWeight(rule.get().backendRefs());
        if (backend.isEmpty()) {
            empty(request, where, "no backendRef with weight > 0");
            return;
        }
        String service = backend.get().getName();
        String serviceNamespace = backend.get().getNamespace() == null ? namespace : backend.get().getNamespace();
        Service svc = serviceNamespace.equals(namespace) ? services.getStore().getByKey(namespace + "/" + service) : null;
        if (svc == null) {
            empty(request, where, "Service " + serviceNamespace + "/" + service + " not found");
            return;
        }
        Map<String, String> selector = svc.getSpec() == null ? null : svc.getSpec().getSelector();
        List<ReplicaSet> behind = selector == null || selector.isEmpty() ? List.of() : replicaSets.getStore().list().stream()
                .filter(rs -> ready(rs) > 0 && templateLabels(rs).entrySet().containsAll(selector.entrySet())).toList();
        if (behind.isEmpty()) {
            empty(request, where, "Service " + service + " has no ready pod (selector " + selector + ")");
            return;
        }
        ReplicaSet pods = byReadyPods(behind);
        String revision = Optional.ofNullable(label(pods, Labels.POD_TEMPLATE_HASH)).orElse(templateLabels(pods).get(Labels.POD_TEMPLATE_HASH));
        String rollout = Optional.ofNullable(label(pods, Labels.ROLLOUT)).orElse("");
        metrics.record(new AppMetrics.Revision(namespace, rollout, revision == null ? "" : revision), 1,
                behaviours.getOrDefault(image(pods), PodBehaviour.healthy()));
    }

    /** A backendRef drawn by weight (an absent weight is 1); none when every weight is 0. */
    private Optional<HTTPBackendRef> byWeight(List<HTTPBackendRef> refs) {
        int total = refs.stream().mapToInt(TrafficSimulator::weight).sum();
        if (total <= 0) return Optional.empty();
        int draw = random.nextInt(total);
        for (HTTPBackendRef r : refs) {
            draw -= weight(r);
            if (draw < 0) return Optional.of(r);
        }
        throw new IllegalStateException("unreachable");
    }

    /** kube-proxy spreads over ready endpoints: a ReplicaSet is drawn in proportion to its ready pods. */
    private ReplicaSet byReadyPods(List<ReplicaSet> sets) {
        int draw = random.nextInt(sets.stream().mapToInt(TrafficSimulator::ready).sum());
        for (ReplicaSet rs : sets) {
            draw -= ready(rs);
            if (draw < 0) return rs;
        }
        throw new IllegalStateException("unreachable");
    }

    private void empty(GatewayRequest request, String where, String why) {
        synchronized (emptyBackends) {
            if (emptyBackends.size() < MAX_EMPTY_BACKEND_RECORDS)
                emptyBackends.add(Instant.now() + " " + request + " → " + where + ": " + why);
        }
    }

    private static int weight(HTTPBackendRef r) {
        return r.getWeight() == null ? 1 : Math.max(0, r.getWeight());
    }

    private static int ready(ReplicaSet rs) {
        return rs.getStatus() == null || rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
    }

    private static Map<String, String> templateLabels(ReplicaSet rs) {
        var t = rs.getSpec() == null ? null : rs.getSpec().getTemplate();
        return t == null || t.getMetadata() == null || t.getMetadata().getLabels() == null ? Map.of() : t.getMetadata().getLabels();
    }

    private static String image(ReplicaSet rs) {
        var t = rs.getSpec() == null ? null : rs.getSpec().getTemplate();
        if (t == null || t.getSpec() == null || t.getSpec().getContainers() == null || t.getSpec().getContainers().isEmpty()) return null;
        return t.getSpec().getContainers().get(0).getImage();
    }

    private static String label(HasMetadata o, String key) {
        return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(key);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        List.of(routes, services, replicaSets).forEach(SharedIndexInformer::close);
        endpoint.close();
    }
}
