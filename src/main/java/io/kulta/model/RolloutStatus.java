package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;

import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutStatus {
    public Long observedGeneration;
    public Phase phase;
    public Integer currentStepIndex;
    public Integer currentWeight;
    public String stableRevision;
    public String canaryRevision;
    @StatusReplicas
    public Integer replicas;
    public Integer readyReplicas;
    public Integer updatedReplicas;
    @LabelSelector
    public String selector;
    public String pauseStartTime;
    public String stepStartTime;
    public String progressStartedAt;
    public String message;
    public AnalysisStatus lastAnalysis;
    public List<Condition> conditions = new ArrayList<>();
}
