package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;

import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RolloutStatus {
    public Long observedGeneration;
    public Phase phase;
    public Integer currentStepIndex;
    public Integer currentWeight;
    public String stableRevision;
    public String canaryRevision;
    @JsonPropertyDescription("Blue-green: the revision activeService selects (the same as stableRevision)")
    public String activeRevision;
    @JsonPropertyDescription("Blue-green: the revision previewService selects while it is previewed (the same as canaryRevision)")
    public String previewRevision;
    @StatusReplicas
    public Integer replicas;
    public Integer readyReplicas;
    public Integer updatedReplicas;
    @LabelSelector
    public String selector;
    public String pauseStartTime;
    public String stepStartTime;
    public String progressStartedAt;
    @JsonPropertyDescription("When the traffic last cut over to a new stable (active) revision; the previous one is scaled to 0 scaleDownDelaySeconds later")
    public String cutoverTime;
    @JsonPropertyDescription("When the current weight was applied to the traffic; analysis warm-up and the abort scale-down delay count from here")
    public String weightAppliedAt;
    public String message;
    @JsonPropertyDescription("KULTA_MAX_CONCURRENT_ROLLOUTS: since when this Rollout's new revision has waited for a slot (oldest starts first)")
    public String queuedAt;
    public AnalysisStatus lastAnalysis;
    @JsonPropertyDescription("A/B testing: the experiment of the new revision (variant B) against the stable one (A)")
    public AbExperimentStatus abExperiment;
    public List<Condition> conditions = new ArrayList<>();
}
