package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class CanaryStep {
    @JsonPropertyDescription("Percentage of traffic (and replicas) on the canary, 0..100")
    @Min(0)
    @Max(100)
    public Integer setWeight;

    @JsonPropertyDescription("Pause: with a duration it waits that long, empty it waits for kulta.io/promote")
    public Pause pause;

    public CanaryStep() {
    }

    public CanaryStep(Integer setWeight, Pause pause) {
        this.setWeight = setWeight;
        this.pause = pause;
    }
}
