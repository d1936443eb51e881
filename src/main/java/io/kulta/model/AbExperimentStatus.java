package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/** An A/B experiment as KULTA reports it (SPEC §2 status.abExperiment): samples, per-metric tests, the verdict. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AbExperimentStatus {
    @JsonPropertyDescription("When variant B had its replicas and the route rules sent matching requests to it")
    public String startedAt;
    public String concludedAt;
    @JsonPropertyDescription("Requests variant A served during the experiment (the first metric's total)")
    public Long sampleSizeA;
    public Long sampleSizeB;
    public List<MetricResult> results = new ArrayList<>();
    @JsonPropertyDescription("A or B; absent when the experiment was inconclusive")
    public Variant winner;
    public ConclusionReason conclusionReason;
    @JsonPropertyDescription("Prometheus errors in a row since its last answer; 0 once it answers")
    public Integer consecutiveErrors;
    @JsonPropertyDescription("The last of those errors, cut short; absent once Prometheus answers")
    public String lastError;
    @JsonPropertyDescription("When the last error counted was measured: each analysis tick counts once")
    public String lastErrorTime;

    public enum Variant { A, B }

    public enum ConclusionReason { SignificanceReached, MaxDurationExceeded, ManualConclusion, ConsensusReached }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class MetricResult {
        public String name;
        @JsonPropertyDescription("The proportion measured for variant A (successes / totals)")
        public Double valueA;
        public Double valueB;
        @JsonPropertyDescription("1 − the two-sided p-value of the two-proportion Z-test")
        public Double confidence;
        public Boolean isSignificant;
        public Variant winner;
    }
}
