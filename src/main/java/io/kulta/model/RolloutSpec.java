package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaSwap(originalType = RolloutSpec.class, fieldName = "template", targetType = PreservedObject.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public class RolloutSpec {
    @JsonPropertyDescription("Desired number of pods")
    @Min(0)
    @Default("1")
    @SpecReplicas
    public Integer replicas;

    @JsonPropertyDescription("Label selector of the pods; must match the template labels")
    @Required
    public LabelSelector selector;

    @JsonPropertyDescription("The pod template of the revision to roll out")
    @Required
    public PodTemplateSpec template;

    @JsonPropertyDescription("How a new revision is rolled out: exactly one of simple, canary, blueGreen, abTesting")
    @Required
    public RolloutStrategy strategy;

    @JsonPropertyDescription("Simple strategy: pods above replicas during the update, a number or a percentage (default 25%)")
    @ValidationRule(value = "string(self).matches('^([0-9]+|[0-9]{1,2}%|100%)$')",
            message = "must be an integer ≥ 0 or a percentage from 0% to 100%")
    public IntOrString maxSurge;

    @JsonPropertyDescription("Simple strategy: pods that may be unavailable during the update, a number or a percentage (default 0)")
    @ValidationRule(value = "string(self).matches('^([0-9]+|[0-9]{1,2}%|100%)$')",
            message = "must be an integer ≥ 0 or a percentage from 0% to 100%")
    public IntOrString maxUnavailable;

    @JsonPropertyDescription("Old ReplicaSets at zero replicas kept for rollback; older ones are deleted (default 10)")
    @Min(0)
    public Integer revisionHistoryLimit;

    @JsonPropertyDescription("Seconds without progress before the rollout is marked Failed (ProgressDeadlineExceeded)")
    @Min(1)
    public Integer progressDeadlineSeconds;

    public int replicasOrDefault() {
        return replicas == null ? 1 : replicas;
    }
}
