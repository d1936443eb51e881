package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
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

    @JsonPropertyDescription("Seconds the canary keeps its pods after an abort, rollback or abandon moved its weight to 0 (default 30)")
    @Min(0)
    public Integer abortScaleDownDelaySeconds;

    @JsonPropertyDescription("Seconds the previous stable revision keeps its pods after the traffic cut over to the new one (default 30)")
    @Min(0)
    public Integer scaleDownDelaySeconds;

    public TrafficRouting trafficRouting;
    public AnalysisConfig analysis;
}
