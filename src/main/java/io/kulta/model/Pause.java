package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class Pause {
    @JsonPropertyDescription("e.g. 30s, 5m, 2h; absent = wait for kulta.io/promote")
    @Pattern(Durations.PATTERN)
    public String duration;

    public Pause() {
    }

    @JsonCreator(mode = JsonCreator.Mode.DISABLED)   // for code only: "x" is no object, whatever Jackson would make of it
    public Pause(String duration) {
        this.duration = duration;
    }
}
