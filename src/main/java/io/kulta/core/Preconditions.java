package io.kulta.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What every strategy checks first: a valid spec, and the Services and HTTPRoute it names exist. */
final class Preconditions {
    static final Duration MISSING_REFERENCE_RETRY = Duration.ofSeconds(15);

    private Preconditions() {
    }

    /** A plan that only reports the spec problems, or empty when the spec is valid. */
    static Optional<Plan> invalid(Observation o) {
        List<String> problems = SpecValidator.validate(o.rollout());
        if (problems.isEmpty()) return Optional.empty();
        PlanBuilder p = new PlanBuilder(o);
        String message = "invalid spec: " + String.join("; ", problems);
        boolean alreadyReported = Conditions.find(o.status().conditions, Conditions.VALID)
                .filter(c -> "False".equals(c.getStatus()) && message.equals(c.getMessage())).isPresent();
        p.condition(Conditions.VALID, false, "InvalidSpec", message);
        p.status.message = message;
        if (!alreadyReported) p.transition(Transition.Action.INVALID_SPEC, message);
        return Optional.of(p.build());
    }

    /** A plan that reports missing Services or HTTPRoute and retries, or empty when all exist. */
    static Optional<Plan> missingReferences(Observation o, List<String> services, String httpRoute) {
        List<String> missing = new ArrayList<>();
        for (String s : services) if (!o.services().contains(s)) missing.add("Service " + s);
        if (httpRoute != null && !o.httpRoutes().contains(httpRoute)) missing.add("HTTPRoute " + httpRoute);
        if (missing.isEmpty()) return Optional.empty();
        PlanBuilder p = new PlanBuilder(o);
        String message = String.join(", ", missing) + " not found in namespace " + o.rollout().getMetadata().getNamespace()
                + "; waiting for " + (missing.size() == 1 ? "it" : "them");
        boolean alreadyReported = message.equals(o.status().message);
        valid(p);
        p.condition(Conditions.PROGRESSING, false, "ReferenceNotFound", message);
        p.status.message = message;
        if (!alreadyReported) p.transition(Transition.Action.REFERENCE_NOT_FOUND, message);
        return Optional.of(p.requeueAfter(MISSING_REFERENCE_RETRY).build());
    }

    static void valid(PlanBuilder p) {
        p.condition(Conditions.VALID, true, "SpecValid", "spec is valid");
    }
}
