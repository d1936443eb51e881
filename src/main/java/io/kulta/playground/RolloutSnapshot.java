package io.kulta.playground;

import java.util.List;

/**
 * What the live view and the transition lines show of one scenario's Rollout at one moment.
 *
 * @param step      1-based canary step, 0 when the strategy has no steps
 * @param weight    % of traffic on the new revision (canary / preview / variant B)
 * @param decision  the last decision and its reason: the status message, else the last Event
 */
public record RolloutSnapshot(String scenario, String rollout, String strategy, String phase, int step, int steps,
                              int weight, List<Revision> revisions, String decision) {

    /** One revision's pods and traffic; rps and errorRate (0..1) from the traffic simulator. */
    public record Revision(String role, String revision, String image, int readyPods, int desiredPods,
                           double requestsPerSecond, double errorRate) {
    }

    /** The fields whose change is a transition worth a line: phase, step and weight. */
    public boolean sameStateAs(RolloutSnapshot other) {
        return other != null && phase.equals(other.phase) && step == other.step && weight == other.weight;
    }

    public String stepText() {
        return steps == 0 ? "-" : step + "/" + steps;
    }
}
