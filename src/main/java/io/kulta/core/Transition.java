package io.kulta.core;

/** One thing that happened to a Rollout in a reconcile; becomes a rollout event once its status is written. */
public record Transition(Action action, String message) {

    public enum Action {
        STARTED("Started", "initialization"),
        STEP_ADVANCED("StepAdvanced", "step_advanced"),
        PAUSED("Paused", "paused"),
        PROMOTED("Promoted", "promoted"),
        COMPLETED("Completed", "completed"),
        ROLLED_BACK("RolledBack", "analysis_failed"),
        ABORTED("Aborted", "aborted"),
        INVALID_SPEC("InvalidSpec", "invalid_spec"),
        REFERENCE_NOT_FOUND("ReferenceNotFound", "reference_not_found"),
        PROGRESS_DEADLINE_EXCEEDED("ProgressDeadlineExceeded", "progress_deadline_exceeded"),
        ANALYSIS_INCONCLUSIVE("AnalysisInconclusive", "analysis_inconclusive"),
        EXPERIMENT_CONCLUDED("ExperimentConcluded", "experiment_concluded"),
        REMOVED("Removed", "removed"),
        CLEANUP_TIMED_OUT("CleanupTimedOut", "cleanup_timed_out"),
        /** Deleted while the model could not read it: cleaned up as far as its readable fields go, then let go. */
        CLEANUP_INCOMPLETE("CleanupIncomplete", "cleanup_incomplete");

        /** The Kubernetes Event reason. */
        public final String reason;
        /** The decision reason written into CDEvents and FALSE occurrences. */
        public final String decision;

        Action(String reason, String decision) {
            this.reason = reason;
            this.decision = decision;
        }

        public boolean warning() {
            return this == ROLLED_BACK || this == ABORTED || this == INVALID_SPEC || this == REFERENCE_NOT_FOUND
                    || this == PROGRESS_DEADLINE_EXCEEDED || this == CLEANUP_TIMED_OUT || this == CLEANUP_INCOMPLETE;
        }
    }
}
