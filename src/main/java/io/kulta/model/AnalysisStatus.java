package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/** The last analysis of a Rollout: when it ran and what each metric measured and decided. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AnalysisStatus {
    /** When the measurements were taken (RFC 3339). */
    public String time;
    /** The revision that was measured. */
    public String revision;
    /** Canary: the step index and weight the Rollout had when it was measured; it counts for that step only. */
    public Integer stepIndex;
    public Integer weight;
    /** Prometheus errors in a row for this revision; failurePolicy Rollback rolls back once it exceeds consecutiveErrorLimit. */
    public Integer consecutiveErrors;
    /** Pass, Fail, Inconclusive or Error: the verdict over all metrics. */
    public String verdict;
    public String message;
    public List<MetricResult> metrics = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class MetricResult {
        public String name;
        /** When this metric was last evaluated (a metric with an interval keeps its result until the interval has passed). */
        public String time;
        public Double value;
        public Double threshold;
        public Double min;
        public Double max;
        /** Requests in the window, when known. */
        public Double samples;
        /** Pass, Fail, Inconclusive or Error. */
        public String verdict;
        public String message;
        /** Failing evaluations in a row; rollback once it reaches failureThreshold. */
        public Integer consecutiveFailures;
    }
}
