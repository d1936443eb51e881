package io.kulta.core;

import io.fabric8.kubernetes.api.model.Condition;
import io.kulta.model.RolloutStatus;

import java.util.List;

/** Reading a Plan the way a user reads `kubectl get rollout -o yaml`. */
final class Plans {
    private Plans() {
    }

    static Condition condition(Plan plan, String type) {
        return condition(plan.status(), type);
    }

    static Condition condition(RolloutStatus status, String type) {
        return Conditions.find(status.conditions, type)
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + status.conditions));
    }

    static List<Transition.Action> actions(Plan plan) {
        return plan.transitions().stream().map(Transition::action).toList();
    }
}
