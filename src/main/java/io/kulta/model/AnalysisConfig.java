package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AnalysisConfig {
    public PrometheusConfig prometheus;
    @JsonPropertyDescription("After each weight change, no verdict before this has passed")
    @Pattern(Durations.PATTERN)
    public String warmupDuration;
    @JsonPropertyDescription("What to do when Prometheus errors: Pause (default), Continue or Rollback")
    public FailurePolicy failurePolicy;
    @JsonPropertyDescription("failurePolicy Rollback rolls back once Prometheus errors more often than this in a row (default 4, as Argo; 0: on the first error)")
    @Min(0)
    public Integer consecutiveErrorLimit;
    public List<Metric> metrics;

    public enum FailurePolicy { Pause, Continue, Rollback }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class PrometheusConfig {
        /** The schema's half of the address rule (core.analysis.PrometheusAddress has the whole of it). */
        public static final String ADDRESS_PATTERN = "^https?://[^/?#@{}\\s]+(/[^?#{}\\s]*)?$";
        @JsonPropertyDescription("Absolute http(s) URL without user-info or placeholders; KULTA_PROMETHEUS_ALLOWED may limit it further")
        @Pattern(ADDRESS_PATTERN)
        public String address;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
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
        @JsonPropertyDescription("Evaluated no more often than this (default: every analysis tick)")
        @Pattern(Durations.PATTERN)
        public String interval;
        @Min(1)
        public Integer failureThreshold;
        @Min(0)
        public Integer minSampleSize;

        public Metric() {
        }

        /** A metric held to a maximum, e.g. error-rate at most 5 (%). */
        public Metric(String name, Double threshold) {
            this.name = name;
            this.threshold = threshold;
        }
    }
}
