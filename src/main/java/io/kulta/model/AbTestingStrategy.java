package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AbTestingStrategy {
    @Required
    @Size(min = 1)
    public String variantAService;
    @Required
    @Size(min = 1)
    public String variantBService;
    @Min(1)
    @Max(65535)
    public Integer port;
    @Required
    public VariantMatch variantBMatch;
    @Required
    public TrafficRouting trafficRouting;
    @JsonPropertyDescription("The experiment concludes at the latest after this, e.g. 24h or 7d")
    @Pattern(Durations.PATTERN_WITH_DAYS)
    public String maxDuration;
    @JsonPropertyDescription("Promote a winning B without waiting for kulta.io/promote")
    public Boolean autoPromote;
    @JsonPropertyDescription("Seconds A keeps its pods after B is promoted, while gateways catch up (default 30)")
    @io.fabric8.generator.annotation.Min(0)
    public Integer scaleDownDelaySeconds;
    public AbAnalysisConfig analysis;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.header) || has(self.cookie)", message = "variantBMatch needs a header or a cookie")
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class VariantMatch {
        public HeaderMatch header;
        public CookieMatch cookie;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class HeaderMatch {
        @Required
        @Size(min = 1)
        public String name;
        @Required
        public String value;
        public MatchType type;
    }

    public enum MatchType { Exact, RegularExpression }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class CookieMatch {
        @Required
        @Size(min = 1)
        public String name;
        @Required
        public String value;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class AbAnalysisConfig {
        public AnalysisConfig.PrometheusConfig prometheus;
        @Pattern(Durations.PATTERN)
        public String minDuration;
        @Min(1)
        public Integer minSampleSize;
        @JsonPropertyDescription("Two-sided confidence of the Z-test, in (0.5, 1); default 0.95")
        @Min(value = 0.5, inclusive = false)
        @Max(value = 1, inclusive = false)
        public Double confidenceLevel;
        public List<AbMetric> metrics;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class AbMetric {
        @Required
        @Size(min = 1)
        public String name;
        public Direction direction;
        @Min(0)
        public Double minEffectSize;
        public String successQuery;
        public String totalQuery;
    }

    public enum Direction {
        @com.fasterxml.jackson.annotation.JsonProperty("lower") lower,
        @com.fasterxml.jackson.annotation.JsonProperty("higher") higher
    }
}
