package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryStrategy {
    @JsonPropertyDescription("Service that selects the stable revision")
    @Required
    @Size(min = 1)
    public String stableService;

    @JsonPropertyDescription("Service that selects the canary revision")
    @Required
    @Size(min = 1)
    public String canaryService;

    @JsonPropertyDescription("Port of backendRefs the controller adds to the HTTPRoute (default 80)")
    @Min(1)
    @Max(65535)
    public Integer port;

    @JsonPropertyDescription("The steps of the rollout; each sets a weight and/or pauses")
    @Required
    @Size(min = 1)
    public List<CanaryStep> steps;

    public TrafficRouting trafficRouting;
    public AnalysisConfig analysis;
}
