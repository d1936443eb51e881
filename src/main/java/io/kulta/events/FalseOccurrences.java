package io.kulta.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kulta.core.RolloutEvent;
import io.kulta.core.Timestamps;
import io.kulta.core.Transition.Action;

import java.time.Instant;
import java.util.List;

/**
 * Rollout events as FALSE occurrences (KULTA's shape, see docs/false-occurrence.schema.json): one JSON
 * object per event, with what failed and why for AIOps tools, and the evidence behind each decision.
 */
public final class FalseOccurrences {
    private final String cluster;
    private final ObjectMapper json = new ObjectMapper();

    public FalseOccurrences(String cluster) {
        this.cluster = cluster == null || cluster.isBlank() ? null : cluster;
    }

    /** The occurrence as one line of JSON. */
    public String toJson(RolloutEvent e) {
        Action action = Action.valueOf(e.action());
        Outcome outcome = Outcome.of(action);
        Instant time = Timestamps.parse(e.time());
        ObjectNode o = json.createObjectNode()
                .put("id", Ulid.at(time == null ? Instant.now() : time))
                .put("timestamp", e.time())
                .put("source", "kulta")
                .put("type", strategy(e.strategy()) + ".rollout." + outcome.state)
                .put("severity", outcome.severity)
                .put("outcome", outcome.outcome);
        ObjectNode context = o.putObject("context").put("cluster", cluster).put("namespace", e.namespace());
        context.putObject("correlation_keys").put("rollout", e.namespace() + "/" + e.rollout()).put("rollout_uid", e.uid())
                .put("revision", e.revision()).put("generation", e.generation());
        if (outcome == Outcome.FAILED) o.set("error", error(e, action));
        o.putObject("data").putObject("rollout").put("name", e.rollout()).put("namespace", e.namespace())
                .put("strategy", e.strategy()).put("replicas", e.replicas()).put("current_weight", e.weight())
                .put("phase", e.phase());
        o.set("entities", entities(e));
        o.set("reasoning", reasoning(e, action));
        return o.toString();
    }

    /** canary | bluegreen | abtesting | rolling: the first word of an occurrence type. */
    static String strategy(String field) {
        return switch (field == null ? "" : field) {
            case "blueGreen" -> "bluegreen";
            case "abTesting" -> "abtesting";
            case "simple" -> "rolling";
            default -> "canary";
        };
    }

    private ObjectNode error(RolloutEvent e, Action action) {
        String what = switch (action) {
            case ROLLED_BACK -> "analysis of revision " + e.revision() + " failed; traffic returned to stable";
            case ABORTED -> "rollout of revision " + e.revision() + " was aborted";
            case INVALID_SPEC -> "the Rollout spec is invalid";
            case REFERENCE_NOT_FOUND -> "a Service or HTTPRoute the Rollout names does not exist";
            case CLEANUP_TIMED_OUT -> "the deleted Rollout's traffic could not be put back on its stable revision";
            case CLEANUP_INCOMPLETE -> "the deleted Rollout could not be read, so only what its readable fields name was cleaned up";
            default -> "the new revision did not become available in time";
        };
        List<String> causes = switch (action) {
            case ROLLED_BACK -> List.of("the new revision has more errors or latency than allowed", "a threshold is too strict");
            case ABORTED -> List.of("kulta.io/abort=true was set on the Rollout");
            case INVALID_SPEC -> List.of("a field violates the Rollout schema");
            case REFERENCE_NOT_FOUND -> List.of("the Service or HTTPRoute was not created", "a name in the Rollout is misspelled");
            case CLEANUP_TIMED_OUT -> List.of("the HTTPRoute was deleted first", "the controller may not patch the HTTPRoute or Services");
            case CLEANUP_INCOMPLETE -> List.of("a field of the Rollout has a type the controller cannot read");
            default -> List.of("pods cannot be scheduled", "the image cannot be pulled", "readiness probes fail");
        };
        String fix = switch (action) {
            case ROLLED_BACK -> "inspect status.lastAnalysis, fix the new revision and change the template (or kulta.io/retry=true)";
            case ABORTED -> "change the template or set kulta.io/retry=true";
            case INVALID_SPEC -> "correct the field named in the message";
            case REFERENCE_NOT_FOUND -> "create the missing object or correct its name";
            case CLEANUP_TIMED_OUT, CLEANUP_INCOMPLETE -> "check the HTTPRoute's weights and the Services' selectors named in the message";
            default -> "check the new ReplicaSet's pods (kubectl describe)";
        };
        ObjectNode error = json.createObjectNode().put("code", e.reason()).put("what_failed", what)
                .put("why_it_matters", action == Action.ROLLED_BACK || action == Action.ABORTED
                        ? "the new revision is not serving traffic; the stable revision is" : "the rollout cannot progress");
        causes.forEach(error.putArray("possible_causes")::add);
        return error.put("suggested_fix", fix);
    }

    private ArrayNode entities(RolloutEvent e) {
        ArrayNode entities = json.createArrayNode();
        entities.addObject().put("kind", "Rollout").put("name", e.rollout()).put("namespace", e.namespace())
                .put("uid", e.uid()).put("resourceVersion", e.resourceVersion()).put("observed_at", e.time());
        for (String revision : new java.util.LinkedHashSet<>(java.util.Arrays.asList(e.stableRevision(), e.revision()))) {
            if (revision == null) continue;
            entities.addObject().put("kind", "ReplicaSet").put("name", e.rollout() + "-" + revision)
                    .put("namespace", e.namespace()).put("revision", revision).put("observed_at", e.time());
        }
        if (e.httpRoute() != null)
            entities.addObject().put("kind", "HTTPRoute").put("name", e.httpRoute()).put("namespace", e.namespace())
                    .put("observed_at", e.time());
        return entities;
    }

    private ObjectNode reasoning(RolloutEvent e, Action action) {
        ObjectNode r = json.createObjectNode().put("summary", e.message() == null ? e.reason() : e.message());
        ArrayNode evidence = r.putArray("evidence");
        for (RolloutEvent.Evidence m : e.evidence()) {
            evidence.addObject().put("metric", m.metric()).put("value", m.value())
                    .put("threshold", m.threshold() != null ? m.threshold() : m.max() != null ? m.max() : m.min())
                    .put("verdict", m.verdict());
        }
        // Decisions taken by rule (annotations, spec, replicas) are certain; analysis verdicts as sure as their data.
        double confidence = action == Action.ANALYSIS_INCONCLUSIVE ? 0.5 : 1.0;
        return r.put("decision", e.decision()).put("confidence", confidence);
    }

    private enum Outcome {
        PROGRESSING("progressing", "info", "in_progress"),
        PAUSED("paused", "info", "in_progress"),
        COMPLETED("completed", "info", "success"),
        FAILED("failed", "error", "failure");

        final String state;
        final String severity;
        final String outcome;

        Outcome(String state, String severity, String outcome) {
            this.state = state;
            this.severity = severity;
            this.outcome = outcome;
        }

        static Outcome of(Action action) {
            return switch (action) {
                case STARTED, STEP_ADVANCED, PROMOTED -> PROGRESSING;
                case PAUSED, ANALYSIS_INCONCLUSIVE -> PAUSED;
                case COMPLETED, EXPERIMENT_CONCLUDED, REMOVED -> COMPLETED;
                case ROLLED_BACK, ABORTED, INVALID_SPEC, REFERENCE_NOT_FOUND, PROGRESS_DEADLINE_EXCEEDED, CLEANUP_TIMED_OUT, CLEANUP_INCOMPLETE -> FAILED;
            };
        }
    }
}
