package io.kulta.core;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Condition types and reasons, and setting one without moving its transition time needlessly. */
public final class Conditions {
    public static final String VALID = "Valid";
    public static final String PROGRESSING = "Progressing";
    public static final String HEALTHY = "Healthy";

    private Conditions() {
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Sets (or replaces) a condition; lastTransitionTime changes only when the status does. */
    public static void set(List<Condition> conditions, String type, boolean status, String reason, String message,
                           long generation, Instant now) {
        String value = status ? "True" : "False";
        Optional<Condition> old = find(conditions, type);
        String since = old.filter(c -> value.equals(c.getStatus())).map(Condition::getLastTransitionTime)
                .orElse(Timestamps.format(now));
        Condition next = new ConditionBuilder().withType(type).withStatus(value).withReason(reason)
                .withMessage(message).withObservedGeneration(generation).withLastTransitionTime(since).build();
        old.ifPresent(conditions::remove);
        conditions.add(next);
        conditions.sort(java.util.Comparator.comparing(Conditions::order));
    }

    private static int order(Condition c) {
        return switch (c.getType()) {
            case VALID -> 0;
            case PROGRESSING -> 1;
            case HEALTHY -> 2;
            default -> 3;
        };
    }
}
