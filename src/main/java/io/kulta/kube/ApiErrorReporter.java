package io.kulta.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kulta.core.Conditions;
import io.kulta.core.Plan;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import org.apache.hc.core5.http.impl.EnglishReasonPhraseCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts a write the API server refused on the Rollout, where {@code kubectl describe} shows it: {@code Progressing=False}
 * with the API's reason ({@code Forbidden}, {@code Invalid}, {@code NotFound}, ...) and message, and one Warning Event
 * per distinct message. A 4xx is reported at once: retrying alone never fixes it. A 409 or 5xx usually passes, so it
 * is reported only once it has lasted longer than {@code persistFor} for that Rollout. Every failure is rethrown, so
 * the work queue retries it with backoff and the next successful plan replaces the condition.
 */
public final class ApiErrorReporter {
    static final int MAX_MESSAGE = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorReporter.class);

    private final StatusUpdater statuses;
    private final KubeEvents events;
    private final Clock clock;
    private final Duration persistFor;
    /** Rollout key → when its current run of transient failures began; the only in-memory state, it only delays a report. */
    private final Map<String, Instant> transientSince = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    public ApiErrorReporter(StatusUpdater statuses, KubeEvents events, Clock clock, Duration persistFor) {
        this.statuses = statuses;
        this.events = events;
        this.clock = clock;
        this.persistFor = persistFor;
    }

    /** Reports an API error among the causes of the failure if it is due; always rethrows the failure. */
    public void report(Plan plan, Exception failure) throws Exception {
        KubernetesClientException error = apiError(failure);
        if (error == null || plan == null) throw failure;
        String key = plan.namespace() + "/" + plan.name();
        if (isTransient(error)) {
            Instant since = transientSince.computeIfAbsent(key, k -> clock.instant());
            if (!clock.instant().isAfter(since.plus(persistFor))) throw failure;
        }
        String reason = reason(error);
        String message = message(error);
        LOG.warn("a write for rollout {} was refused ({} {}): {}{}", key, error.getCode(), reason, message,
                recordOnRollout(plan, reason, message));
        throw failure;
    }

    /** The plan was applied: a run of transient failures is over. */
    public void succeeded(Plan plan) {
        if (plan != null) forget(plan.namespace() + "/" + plan.name());
    }

    public void forget(String key) {
        transientSince.remove(key);
    }

    public int size() {
        return transientSince.size();
    }

    /** Writes the condition and the Event unless the condition already says so; returns what the log line should add. */
    private String recordOnRollout(Plan plan, String reason, String message) {
        Rollout rollout = plan.basis().rollout();
        RolloutStatus status = rollout.getStatus() == null ? new RolloutStatus()
                : json.convertValue(rollout.getStatus(), RolloutStatus.class);
        if (status.conditions == null) status.conditions = new ArrayList<>();
        boolean already = Conditions.find(status.conditions, Conditions.PROGRESSING)
                .filter(c -> "False".equals(c.getStatus()) && reason.equals(c.getReason()) && message.equals(c.getMessage()))
                .isPresent();
        if (already) return "";
        events.warning(rollout, reason, message, clock.instant());
        Long generation = rollout.getMetadata().getGeneration();
        Conditions.set(status.conditions, Conditions.PROGRESSING, false, reason, message,
                generation == null ? 0 : generation, clock.instant());
        try {
            statuses.write(rollout, status, rollout.getMetadata().getResourceVersion());
            return "";
        } catch (KubernetesClientException e) {
            return " (the Rollout's status could not record it either: HTTP " + e.getCode() + ")";
        }
    }

    /**
     * 409 (someone else wrote first), 429, 5xx and no answer at all (code 0, or -1 as fabric8 wraps a closed connection
     * or a timeout) pass by themselves; a 409 AlreadyExists that reaches here names someone else's object, which stays.
     */
    static boolean isTransient(KubernetesClientException e) {
        int code = e.getCode();
        if (code == 409) return !ReplicaSetWriter.ALREADY_EXISTS.equals(e.getStatus() == null ? null : e.getStatus().getReason());
        return code <= 0 || code == 429 || code >= 500;
    }

    static KubernetesClientException apiError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException k) return k;
        }
        return null;
    }

    /** The Status object's reason (Invalid, Forbidden, NotFound, ...), else the HTTP reason phrase in CamelCase. */
    static String reason(KubernetesClientException e) {
        String reason = e.getStatus() == null ? null : e.getStatus().getReason();
        if (reason == null || reason.isBlank()) {
            reason = e.getCode() <= 0 ? "Unreachable" : EnglishReasonPhraseCatalog.INSTANCE.getReason(e.getCode(), Locale.ENGLISH);
        }
        String camel = reason == null ? "" : reason.replaceAll("[^A-Za-z0-9]", "");
        return camel.isEmpty() || !Character.isLetter(camel.charAt(0)) ? "ApiError" : camel;
    }

    /** The API's message, cut: it may echo a whole field (a 1 MiB value), and the status must stay far below etcd's limit. */
    private static String message(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        if (message == null) return "HTTP " + e.getCode();
        message = message.replace('\n', ' ');
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
