package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.simple), has(self.canary), has(self.blueGreen), has(self.abTesting)].filter(x, x).size() == 1",
        message = "exactly one of simple, canary, blueGreen, abTesting must be set")
@JsonIgnoreProperties(ignoreUnknown = true)
public class RolloutStrategy {
    public SimpleStrategy simple;
    public CanaryStrategy canary;
    public BlueGreenStrategy blueGreen;
    public AbTestingStrategy abTesting;

    /** The names of the strategies that are set, in declaration order. */
    @JsonIgnore
    public List<String> configured() {
        List<String> names = new ArrayList<>();
        if (simple != null) names.add("simple");
        if (canary != null) names.add("canary");
        if (blueGreen != null) names.add("blueGreen");
        if (abTesting != null) names.add("abTesting");
        return names;
    }
}
