package io.kulta.testing;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;

/** A ReplicaSet that is someone else's (label app=someone-else, no owner): the controller must never adopt nor change it. */
public final class ForeignReplicaSet {
    public static final String APP = "someone-else";

    private ForeignReplicaSet() {
    }

    public static ReplicaSet named(String name, int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).addToLabels("app", APP).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", APP).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", APP).endMetadata()
                .withNewSpec().addNewContainer().withName("other").withImage("other:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
