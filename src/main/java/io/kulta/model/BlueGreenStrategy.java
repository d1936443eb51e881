package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BlueGreenStrategy {
    @Required
    @Size(min = 1)
    public String activeService;
    @Required
    @Size(min = 1)
    public String previewService;
    @Min(1)
    @Max(65535)
    public Integer port;
    @JsonPropertyDescription("Promote automatically (default true); false waits for kulta.io/promote")
    public Boolean autoPromotionEnabled;
    @Min(0)
    public Integer autoPromotionSeconds;
    @Min(0)
    public Integer previewReplicaCount;
    @Min(0)
    public Integer scaleDownDelaySeconds;
    public TrafficRouting trafficRouting;
    public AnalysisConfig analysis;
}
