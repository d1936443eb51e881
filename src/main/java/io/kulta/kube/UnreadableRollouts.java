package io.kulta.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kulta.core.Cleanup;
import io.kulta.core.Conditions;
import io.kulta.core.RolloutEvent;
import io.kulta.core.Transition;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Rollout the model cannot read (a value of the wrong type, e.g. spec.replicas: "three") is never planned and nothing
 * is written for it but its own status: Valid=False naming the field, by an update of the status subresource that
 * carries the object as stored, so it needs no typed spec. Once per distinct message it is logged and becomes an InvalidSpec rollout event (a Warning
 * Event and the other sinks), as an invalid spec does.
 */
public final class UnreadableRollouts {
    private static final Logger LOG = LoggerFactory.getLogger(UnreadableRollouts.class);
    private static final ResourceDefinitionContext ROLLOUTS = ResourceDefinitionContext.fromResourceType(Rollout.class);
    private static final Set<String> STRATEGIES = Set.of("simple", "canary", "blueGreen", "abTesting");
    private static final String REASON = Transition.Action.INVALID_SPEC.reason;

    private final KubernetesClient client;
    private final KubeCaches caches;
    private final WrittenVersions written;
    private final RolloutEvents events;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public UnreadableRollouts(KubernetesClient client, KubeCaches caches, WrittenVersions written, RolloutEvents events, Clock clock) {
        this.client = client;
        this.caches = caches;
        this.written = written;
        this.events = events;
        this.clock = clock;
    }

    /** True when the key names a cached Rollout the model cannot read. */
    public boolean applies(String key) {
        RolloutReader.Read read = caches.read(key);
        return read != null && !read.readable();
    }

    /**
     * Deleted and still held by kulta.io/cleanup: it is cleaned up from what of it can be read (SPEC §3: no Rollout is
     * stuck in deletion), not reported.
     */
    public boolean deleting(String key) {
        RolloutReader.Read read = caches.read(key);
        if (read == null || read.readable() || read.raw().getMetadata().getDeletionTimestamp() == null) return false;
        List<String> finalizers = read.raw().getMetadata().getFinalizers();
        return finalizers != null && finalizers.contains(Cleanup.FINALIZER);
    }

    /** The fields the model cannot read and why, e.g. {@code spec.replicas: must be an integer, got "three"}; null when readable. */
    public String leftOut(String key) {
        RolloutReader.Lenient lenient = caches.readLeniently(key);
        if (lenient == null || lenient.leftOut().isEmpty()) {
            RolloutReader.Read read = caches.read(key);
            return read == null || read.readable() ? null : message(read);
        }
        return String.join("; ", lenient.leftOut());
    }

    /** @return the InvalidSpec event to send, or none when this message is already on the Rollout */
    public List<RolloutEvent> report(String key) {
        RolloutReader.Read read = caches.read(key);
        if (read == null || read.readable()) return List.of();
        GenericKubernetesResource raw = read.raw();
        if (written.isStale(key, raw.getMetadata().getResourceVersion())) return List.of();
        String message = message(read);
        JsonNode stored = json.valueToTree(raw.getAdditionalProperties().get("status"));
        List<Condition> conditions = conditions(stored);
        boolean reported = Conditions.find(conditions, Conditions.VALID)
                .filter(c -> "False".equals(c.getStatus()) && message.equals(c.getMessage())).isPresent();
        if (reported) return List.of();
        Long generation = raw.getMetadata().getGeneration();
        Conditions.set(conditions, Conditions.VALID, false, REASON, message, generation == null ? 0 : generation, clock.instant());
        GenericKubernetesResource saved = writeStatus(raw, generation, message, conditions);
        if (saved == null) return List.of();
        written.record(key, saved.getMetadata().getResourceVersion());
        LOG.warn("rollout {} cannot be read into the model, so it is not reconciled: {}", key, message);
        Rollout standIn = new Rollout();
        standIn.setMetadata(saved.getMetadata());
        standIn.setStatus(new RolloutStatus());
        standIn.getStatus().conditions = conditions;
        standIn.getStatus().message = message;
        return List.of(events.of(standIn, strategy(raw), new Transition(Transition.Action.INVALID_SPEC, message)));
    }

    private static String message(RolloutReader.Read read) {
        String where = read.field().isEmpty() ? "" : read.field() + ": ";
        return (read.field().startsWith("spec") ? "invalid spec: " : "cannot read the Rollout: ") + where + read.problem();
    }

    /** A PUT of the status subresource (the verb deploy/rbac.yaml grants) carrying the stored object and its resourceVersion. */
    private GenericKubernetesResource writeStatus(GenericKubernetesResource raw, Long generation, String message, List<Condition> conditions) {
        GenericKubernetesResource update = json.convertValue(json.valueToTree(raw), GenericKubernetesResource.class);
        ObjectNode status = json.valueToTree(raw.getAdditionalProperties().get("status")) instanceof ObjectNode stored
                ? stored : json.createObjectNode();
        if (generation != null) status.put("observedGeneration", generation);
        status.put("message", message);
        status.set("conditions", json.valueToTree(conditions));
        update.setAdditionalProperty("status", json.convertValue(status, java.util.Map.class));
        try {
            return client.genericKubernetesResources(ROLLOUTS).inNamespace(raw.getMetadata().getNamespace()).resource(update).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) return null;   // deleted meanwhile
            throw e;
        }
    }

    /** The stored conditions, or none when even they cannot be read. */
    private List<Condition> conditions(JsonNode status) {
        try {
            JsonNode stored = status.path("conditions");
            return stored.isArray() ? new ArrayList<>(List.of(json.treeToValue(stored, Condition[].class))) : new ArrayList<>();
        } catch (Exception e) {
            return new ArrayList<>();
        }
    }

    private static String strategy(GenericKubernetesResource raw) {
        Object spec = raw.getAdditionalProperties().get("spec");
        Object strategy = spec instanceof java.util.Map<?, ?> s ? s.get("strategy") : null;
        if (!(strategy instanceof java.util.Map<?, ?> m)) return "invalid";
        List<String> set = m.keySet().stream().map(String::valueOf).filter(STRATEGIES::contains).toList();
        return set.size() == 1 ? set.get(0) : "invalid";
    }
}
