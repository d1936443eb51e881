package io.kulta.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kulta.core.Conditions;
import io.kulta.core.Plan;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;

/**
 * A write the API server refused with 403 is a missing permission, not a passing glitch, and retrying alone never
 * fixes it. So it is said once per failed reconcile in one WARN line with the server's message (which names the verb
 * and resource), and — where the controller may still write the Rollout's status — as {@code Progressing=False}
 * reason {@code Forbidden}, where {@code kubectl describe} shows it. The reconcile still fails and is retried with
 * backoff, so a permission granted later takes effect; the next successful plan replaces the condition.
 */
public final class ForbiddenReporter {
    public static final String REASON = "Forbidden";
    private static final Logger LOG = LoggerFactory.getLogger(ForbiddenReporter.class);

    private final StatusUpdater statuses;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public ForbiddenReporter(StatusUpdater statuses, Clock clock) {
        this.statuses = statuses;
        this.clock = clock;
    }

    /** Reports a 403 among the causes of the failure; always rethrows the failure. */
    public void report(Plan plan, Exception failure) throws Exception {
        KubernetesClientException forbidden = forbidden(failure);
        if (forbidden == null || plan == null) throw failure;
        String message = apiMessage(forbidden);
        LOG.warn("reconcile of rollout {}/{} forbidden, grant it in the controller's ClusterRole (deploy/rbac.yaml): {}{}",
                plan.namespace(), plan.name(), message, recordOnStatus(plan, message));
        throw failure;
    }

    /** Writes the condition unless it is already there; returns what the log line should add about it. */
    private String recordOnStatus(Plan plan, String message) {
        Rollout rollout = plan.basis().rollout();
        RolloutStatus status = rollout.getStatus() == null ? new RolloutStatus()
                : json.convertValue(rollout.getStatus(), RolloutStatus.class);
        if (status.conditions == null) status.conditions = new ArrayList<>();
        boolean already = Conditions.find(status.conditions, Conditions.PROGRESSING)
                .filter(c -> "False".equals(c.getStatus()) && REASON.equals(c.getReason()) && message.equals(c.getMessage()))
                .isPresent();
        if (already) return "";
        Long generation = rollout.getMetadata().getGeneration();
        Conditions.set(status.conditions, Conditions.PROGRESSING, false, REASON, message,
                generation == null ? 0 : generation, clock.instant());
        try {
            statuses.write(rollout, status, rollout.getMetadata().getResourceVersion());
            return "";
        } catch (KubernetesClientException e) {
            return " (the Rollout's status could not record it either: HTTP " + e.getCode() + ")";
        }
    }

    static KubernetesClientException forbidden(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() == 403) return k;
        }
        return null;
    }

    private static String apiMessage(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return message.replace('\n', ' ');
    }
}
