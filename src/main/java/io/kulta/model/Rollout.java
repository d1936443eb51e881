package io.kulta.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A progressive delivery of one workload: kulta.io/v1alpha1 Rollout. */
@Group(Rollout.GROUP)
@Version(Rollout.VERSION)
@Kind("Rollout")
@Plural("rollouts")
@Singular("rollout")
@ShortNames("ro")
@JsonIgnoreProperties(ignoreUnknown = true)
public class Rollout extends CustomResource<RolloutSpec, RolloutStatus> implements Namespaced {
    public static final String GROUP = "kulta.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
}
