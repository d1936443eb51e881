package io.kulta.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kulta.model.Rollout;
import io.kulta.testing.gateway.UnreachableRules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * SPEC §3 "Traffic safety", checked on every observation: every HTTPRoute backendRef with weight > 0 names a Service
 * whose selected pods have at least their share of the Rollout's N replicas available,
 * available ≥ ceil(N·weight/Σweights of its rule); and a Service's selector never moves from one revision to another
 * while that Service carries weight. A rule that takes no request (an earlier rule with the same matches wins its
 * requests, see {@link UnreachableRules}) carries no weight.
 * <p>
 * Every change the API server reports for the namespace's Rollouts, ReplicaSets, Services and HTTPRoutes is recorded
 * with its resourceVersion; {@link #violations()} replays them in resourceVersion order (the server's own order, across
 * the four watches) and evaluates the invariant after each one. For each Rollout it is enforced from the first
 * moment it holds (a user's route may point at a Service that selects nothing before the first deployment). N is the
 * smallest spec.replicas since the route's weights last changed: a {@code kubectl scale} up does not make the pods
 * that carried the old weights undersized.
 */
public final class TrafficInvariant implements AutoCloseable {
    private record Change(long version, HasMetadata object, boolean deleted) {
    }

    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final List<Change> changes = new ArrayList<>();

    public TrafficInvariant(KubernetesClient client) {
        informers.add(client.resources(Rollout.class).inform(recorder(), 0));
        informers.add(client.apps().replicaSets().inform(recorder(), 0));
        informers.add(client.services().inform(recorder(), 0));
        informers.add(client.resources(HTTPRoute.class).inform(recorder(), 0));
    }

    /** Every breach of the invariant in the history seen so far, as "resourceVersion: what"; empty when it held throughout. */
    public List<String> violations() {
        return replay().violations;
    }

    /** How many observations the history has: a checker that saw nothing proves nothing. */
    public int observations() {
        synchronized (changes) {
            return changes.size();
        }
    }

    /** The highest resourceVersion reported so far: a test waits for it to pass what it wrote. */
    public long latestVersion() {
        synchronized (changes) {
            return changes.stream().mapToLong(Change::version).max().orElse(0);
        }
    }

    /** Rollouts for which the invariant held at some moment (and was enforced from then on). */
    public List<String> armedRollouts() {
        return List.copyOf(replay().armed.keySet());
    }

    /** The history so far in resourceVersion order, checked after each change. */
    private State replay() {
        List<Change> history;
        synchronized (changes) {
            history = new ArrayList<>(changes);
        }
        history.sort(Comparator.comparingLong(Change::version));
        State state = new State();
        for (Change c : history) {
            state.apply(c);
            state.violations.addAll(state.check(c.version()));
        }
        return state;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }

    private <T extends HasMetadata> ResourceEventHandler<T> recorder() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                record(obj, false);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                record(newObj, false);
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                record(obj, true);
            }
        };
    }

    private void record(HasMetadata obj, boolean deleted) {
        long version;
        try {
            version = Long.parseLong(obj.getMetadata().getResourceVersion());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("resourceVersions must be numbers to order the history: " + obj.getMetadata().getResourceVersion());
        }
        synchronized (changes) {
            changes.add(new Change(version, obj, deleted));
        }
    }

    /** The namespace's objects at one moment of the history, and what the check remembers across moments. */
    private static final class State {
        final Map<String, Rollout> rollouts = new HashMap<>();
        final Map<String, ReplicaSet> replicaSets = new HashMap<>();
        final Map<String, Service> services = new HashMap<>();
        final Map<String, HTTPRoute> routes = new HashMap<>();
        final Map<String, Boolean> armed = new HashMap<>();
        final Map<String, Integer> replicasSinceWeightChange = new HashMap<>();
        final Map<String, String> lastWeights = new HashMap<>();
        final List<String> violations = new ArrayList<>();
        /** Each Rollout's breaches at the previous moment: a breach that lasts is listed once, where it began. */
        final Map<String, List<String>> ongoing = new HashMap<>();
        /** The Service whose selector's revision the change being checked moved: {key, before, after}; null: none. */
        String[] repointed;

        private static String hash(Service s) {
            return s == null || s.getSpec() == null || s.getSpec().getSelector() == null ? null
                    : s.getSpec().getSelector().get(io.kulta.core.Labels.POD_TEMPLATE_HASH);
        }

        /** The largest weight a rule that takes requests gives the Service. */
        private static long weightOf(HTTPRoute route, String service) {
            List<HTTPRouteRule> rules = route.getSpec().getRules();
            boolean[] unreachable = UnreachableRules.of(route);
            long weight = 0;
            for (int i = 0; i < rules.size(); i++) {
                if (unreachable[i] || rules.get(i).getBackendRefs() == null) continue;
                for (HTTPBackendRef ref : rules.get(i).getBackendRefs())
                    if (service.equals(ref.getName())) weight = Math.max(weight, weight(ref));
            }
            return weight;
        }

        void apply(Change c) {
            String key = c.object().getMetadata().getNamespace() + "/" + c.object().getMetadata().getName();
            HasMetadata o = c.object();
            if (o instanceof Rollout r) put(rollouts, key, r, c.deleted());
            else if (o instanceof ReplicaSet rs) put(replicaSets, key, rs, c.deleted());
            else if (o instanceof Service s) {
                String before = hash(services.get(key)), after = c.deleted() ? null : hash(s);
                if (before != null && !before.equals(after)) repointed = new String[]{key, before, after};
                put(services, key, s, c.deleted());
            }
            else if (o instanceof HTTPRoute r) put(routes, key, r, c.deleted());
        }

        private static <T> void put(Map<String, T> into, String key, T value, boolean deleted) {
            if (deleted) into.remove(key);
            else into.put(key, value);
        }

        List<String> check(long version) {
            List<String> violations = new ArrayList<>();
            String[] selectorChange = repointed;
            repointed = null;
            for (Rollout rollout : rollouts.values()) {
                String key = rollout.getMetadata().getNamespace() + "/" + rollout.getMetadata().getName();
                String routeName = routeOf(rollout);
                if (routeName == null) continue;
                HTTPRoute route = routes.get(rollout.getMetadata().getNamespace() + "/" + routeName);
                if (route == null || route.getSpec() == null || route.getSpec().getRules() == null) continue;
                int n = replicas(key, rollout, route);
                List<String> breaches = breaches(rollout.getMetadata().getNamespace(), route, n,
                        io.kulta.core.References.of(rollout).services());
                if (selectorChange != null && armed.containsKey(key)) {
                    String service = selectorChange[0].substring(selectorChange[0].indexOf('/') + 1);
                    long weight = weightOf(route, service);
                    if (weight > 0 && io.kulta.core.References.of(rollout).services().contains(service))
                        breaches.add("the selector of " + service + " changed from " + selectorChange[1] + " to " + selectorChange[2]
                                + " while it carried weight " + weight);
                }
                List<String> before = ongoing.getOrDefault(key, List.of());
                ongoing.put(key, breaches);
                if (breaches.isEmpty()) armed.put(key, true);
                else if (armed.containsKey(key)) breaches.stream().filter(b -> !before.contains(b))
                        .forEach(b -> violations.add(version + ": rollout " + key + " (N=" + n + "): " + b));
            }
            return violations;
        }

        private int replicas(String key, Rollout rollout, HTTPRoute route) {
            int now = rollout.getSpec().replicasOrDefault();
            String weights = String.valueOf(route.getSpec().getRules().stream().map(HTTPRouteRule::getBackendRefs).toList());
            if (!weights.equals(lastWeights.put(key, weights))) replicasSinceWeightChange.put(key, now);
            return replicasSinceWeightChange.merge(key, now, Math::min);
        }

        /** Breaches on the backendRefs naming the Rollout's own Services (a user's other rules are not the controller's). */
        private List<String> breaches(String namespace, HTTPRoute route, int n, List<String> own) {
            List<String> breaches = new ArrayList<>();
            List<HTTPRouteRule> rules = route.getSpec().getRules();
            boolean[] unreachable = UnreachableRules.of(route);
            for (int i = 0; i < rules.size(); i++) {
                List<HTTPBackendRef> refs = rules.get(i).getBackendRefs();
                if (refs == null || unreachable[i]) continue;
                long total = refs.stream().mapToLong(TrafficInvariant::weight).sum();
                for (HTTPBackendRef ref : refs) {
                    long weight = weight(ref);
                    if (weight <= 0 || total <= 0 || !own.contains(ref.getName())) continue;
                    long needed = (n * weight + total - 1) / total;
                    Service service = services.get(namespace + "/" + ref.getName());
                    int available = service == null ? 0 : available(namespace, service);
                    if (available < needed)
                        breaches.add("rule " + i + " sends " + weight + "/" + total + " to " + ref.getName() + ", whose pods have "
                                + available + " available, fewer than " + needed);
                }
            }
            return breaches;
        }

        private int available(String namespace, Service service) {
            Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) return 0;
            int available = 0;
            for (ReplicaSet rs : replicaSets.values()) {
                if (!namespace.equals(rs.getMetadata().getNamespace())) continue;
                var template = rs.getSpec() == null || rs.getSpec().getTemplate() == null ? null : rs.getSpec().getTemplate().getMetadata();
                Map<String, String> labels = template == null || template.getLabels() == null ? Map.of() : template.getLabels();
                boolean selected = selector.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
                if (selected && rs.getStatus() != null && rs.getStatus().getAvailableReplicas() != null)
                    available += Math.min(rs.getStatus().getAvailableReplicas(), rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas());
            }
            return available;
        }

        private static String routeOf(Rollout r) {
            var s = r.getSpec() == null ? null : r.getSpec().strategy;
            if (s == null) return null;
            var routing = s.canary != null ? s.canary.trafficRouting : s.blueGreen != null ? s.blueGreen.trafficRouting
                    : s.abTesting != null ? s.abTesting.trafficRouting : null;
            return routing == null || routing.gatewayAPI == null ? null : routing.gatewayAPI.httpRoute;
        }
    }

    private static long weight(HTTPBackendRef ref) {
        return ref.getWeight() == null ? 1 : ref.getWeight();
    }
}
