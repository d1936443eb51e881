package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisConfig {
    public PrometheusConfig prometheus;
    @JsonPropertyDescription("After each weight change, no verdict before this has passed")
    @Pattern(Durations.PATTERN)
    public String warmupDuration;
    @JsonPropertyDescription("What to do when Prometheus errors: Pause (default), Continue or Rollback")
    public FailurePolicy failurePolicy;
    public List<Metric> metrics;

    public enum FailurePolicy { Pause, Continue, Rollback }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PrometheusConfig {
        public String address;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Metric {
        @JsonPropertyDescription("error-rate, latency-p95, latency-p99, or a custom name with a query")
        @Required
        @Size(min = 1)
        public String name;
        @JsonPropertyDescription("Maximum healthy value (error-rate in %, latency in ms)")
        public Double threshold;
        @JsonPropertyDescription("Custom PromQL template; may use {{rollout}}, {{namespace}}, {{revision}}, {{stableRevision}}, {{service}}")
        public String query;
        public Double min;
        public Double max;
        @Pattern(Durations.PATTERN)
        public String interval;
        @Min(1)
        public Integer failureThreshold;
        @Min(0)
        public Integer minSampleSize;
    }
}
