package io.kulta.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kulta.core.RolloutEvent;
import io.kulta.core.Transition.Action;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.cloudevents.CloudEvent;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Rollout events as CDEvents (spec v0.4.1, service events *.0.2.0, KULTA's types) wrapped in CloudEvents 1.0.
 * Built with Jackson rather than the cdevents SDK, which emits CloudEvents 0.3 and *.0.1.1 types.
 */
public final class CdEvents {
    /** The CDEvents spec release whose schemas define the *.0.2.0 service events below. */
    public static final String SPEC_VERSION = "0.4.1";
    public static final String DEPLOYED = "dev.cdevents.service.deployed.0.2.0";
    public static final String UPGRADED = "dev.cdevents.service.upgraded.0.2.0";
    public static final String PUBLISHED = "dev.cdevents.service.published.0.2.0";
    public static final String ROLLED_BACK = "dev.cdevents.service.rolledback.0.2.0";
    public static final String REMOVED = "dev.cdevents.service.removed.0.2.0";
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";

    private final String source;
    private final Supplier<UUID> ids;
    private final ObjectMapper json = new ObjectMapper();

    public CdEvents(String source, Supplier<UUID> ids) {
        this.source = source;
        this.ids = ids;
    }

    /** The CloudEvent for a rollout event, or null when its transition has no CDEvent (Paused, InvalidSpec, ...). */
    public CloudEventMessage toCloudEvent(RolloutEvent e) {
        Kind kind = Kind.of(Action.valueOf(e.action()));
        if (kind == null) return null;
        String id = ids.get().toString();
        String subjectId = "/rollouts/" + e.namespace() + "/" + e.rollout() + "/" + kind.suffix(e);

        ObjectNode event = json.createObjectNode();
        event.putObject("context").put("version", SPEC_VERSION).put("id", id).put("source", source)
                .put("type", kind.type).put("timestamp", e.time());
        ObjectNode subject = event.putObject("subject").put("id", subjectId).put("source", source).put("type", "service");
        ObjectNode content = subject.putObject("content");
        content.putObject("environment").put("id", e.namespace() + "/" + e.rollout())
                .put("source", "/apis/kulta.io/v1alpha1/namespaces/" + e.namespace() + "/rollouts/" + e.rollout());
        // the published and removed schemas (0.4.1) allow no artifactId; customData.kulta.image still names it
        String artifact = ArtifactId.of(e.subjectImage());
        if (kind.hasArtifact() && artifact != null) content.put("artifactId", artifact);
        event.putObject("customData").set("kulta", kulta(e, kind));
        event.put("customDataContentType", "application/json");
        return new CloudEventMessage(id, kind.type, source, subjectId, e.time(), event.toString());
    }

    private ObjectNode kulta(RolloutEvent e, Kind kind) {
        ObjectNode k = json.createObjectNode().put("version", "v1");
        k.putObject("rollout").put("name", e.rollout()).put("namespace", e.namespace()).put("uid", e.uid())
                .put("generation", e.generation());
        k.put("revision", e.subjectRevision()).put("stableRevision", e.stableRevision()).put("strategy", strategy(e.strategy()))
                .put("image", e.subjectImage());
        // the newest revision, when the event is about another: the one rolled back, or the losing B
        if (e.revision() != null && !e.revision().equals(e.subjectRevision())) k.put("newRevision", e.revision());
        k.putObject("step").put("index", e.stepIndex()).put("total", e.stepTotal()).put("traffic_weight", e.weight());
        ObjectNode decision = k.putObject("decision").put("reason", kind.decision(e));
        if (e.message() != null) decision.put("message", e.message());
        if (!e.evidence().isEmpty()) decision.set("metrics", json.valueToTree(e.evidence()));
        return k;
    }

    /** canary | blue-green | simple | ab-testing, as KULTA names them. */
    static String strategy(String field) {
        return switch (field == null ? "" : field) {
            case "blueGreen" -> "blue-green";
            case "abTesting" -> "ab-testing";
            case "canary", "simple" -> field;
            default -> field;
        };
    }

    /** Structured mode: the whole event as one JSON document (escaped properly, unlike camel-cloudevents' transformer). */
    public String structured(CloudEventMessage m) {
        ObjectNode envelope = json.createObjectNode().put("specversion", CloudEventMessage.SPEC_VERSION).put("id", m.id())
                .put("source", m.source()).put("type", m.type()).put("subject", m.subject()).put("time", m.time())
                .put("datacontenttype", "application/json");
        try {
            envelope.set("data", json.readTree(m.data()));
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("CDEvent data is not JSON", ex);
        }
        return envelope.toString();
    }

    /** Binary mode: camel-cloudevents' headers, turned into ce-* by the http:application-cloudevents transformer. */
    public void binary(Exchange exchange) {
        Message in = exchange.getMessage();
        CloudEventMessage m = in.getBody(CloudEventMessage.class);
        in.setHeader(CloudEvent.CAMEL_CLOUD_EVENT_ID, m.id());
        in.setHeader(CloudEvent.CAMEL_CLOUD_EVENT_VERSION, CloudEventMessage.SPEC_VERSION);
        in.setHeader(CloudEvent.CAMEL_CLOUD_EVENT_TYPE, m.type());
        in.setHeader(CloudEvent.CAMEL_CLOUD_EVENT_SOURCE, m.source());
        in.setHeader(CloudEvent.CAMEL_CLOUD_EVENT_SUBJECT, m.subject());
        in.setHeader(CloudEvent.CAMEL_CLOUD_EVENT_TIME, m.time());
        in.setHeader(CloudEvent.CAMEL_CLOUD_EVENT_DATA_CONTENT_TYPE, "application/json");
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(m.data());
    }

    private enum Kind {
        DEPLOYED_KIND(DEPLOYED, "initialization"),
        UPGRADED_KIND(UPGRADED, "step"),
        PUBLISHED_KIND(PUBLISHED, "completed"),
        CONCLUDED_KIND(PUBLISHED, "experiment-concluded"),
        ROLLED_BACK_KIND(ROLLED_BACK, "rollback"),
        REMOVED_KIND(REMOVED, "removed");

        final String type;
        final String suffix;

        Kind(String type, String suffix) {
            this.type = type;
            this.suffix = suffix;
        }

        static Kind of(Action action) {
            return switch (action) {
                case STARTED -> DEPLOYED_KIND;
                case STEP_ADVANCED, PROMOTED -> UPGRADED_KIND;
                case COMPLETED -> PUBLISHED_KIND;
                case EXPERIMENT_CONCLUDED -> CONCLUDED_KIND;
                case ROLLED_BACK, ABORTED -> ROLLED_BACK_KIND;
                case REMOVED, CLEANUP_TIMED_OUT, CLEANUP_INCOMPLETE -> REMOVED_KIND;   // removed either way, the warning says what was left
                default -> null;
            };
        }

        boolean hasArtifact() {
            return !type.equals(PUBLISHED) && !type.equals(REMOVED);
        }

        /** A canary's step by its index; a blue-green or A/B promotion has no step (SPEC §5: never "step/null"). */
        String suffix(RolloutEvent e) {
            if (this != UPGRADED_KIND) return suffix;
            return "canary".equals(e.strategy()) && e.stepIndex() != null ? "step/" + e.stepIndex() : "promotion";
        }

        /** SPEC §5's decision reasons: a promotion is a step advanced by hand. */
        String decision(RolloutEvent e) {
            return this == UPGRADED_KIND ? "step_advanced" : e.decision();
        }
    }
}
