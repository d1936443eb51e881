package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SimpleStrategy {
    public AnalysisConfig analysis;
}
