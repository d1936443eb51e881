package io.kulta.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.kulta.core.Labels;
import io.kulta.core.Observation;
import io.kulta.core.RolloutEvent;
import io.kulta.core.Transition;
import io.kulta.model.Rollout;

import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Builds the rollout event of a transition, stamped with the controller's clock, naming the image of the revision it
 * is about as that revision's ReplicaSet runs it (after a rollback or a kept A that is not the template's image).
 */
public final class RolloutEvents {
    private final Clock clock;
    private final BiFunction<Rollout, String, String> images;

    public RolloutEvents(Clock clock, KubeCaches caches) {
        this(clock, (rollout, revision) -> image(caches, rollout, revision));
    }

    /** @param images the first container image of a Rollout's revision, or null when unknown */
    RolloutEvents(Clock clock, BiFunction<Rollout, String, String> images) {
        this.clock = clock;
        this.images = images;
    }

    public RolloutEvent of(Rollout rollout, String strategy, Transition t) {
        return RolloutEvent.of(rollout, strategy, t, clock.instant(), revision -> images.apply(rollout, revision));
    }

    /** The event of a transition decided on this observation (nothing written before it, e.g. a deletion's cleanup). */
    public RolloutEvent of(Observation o, Transition t) {
        return of(o.rollout(), o.strategy(), t);
    }

    private static String image(KubeCaches caches, Rollout rollout, String revision) {
        for (ReplicaSet rs : caches.replicaSetsOf(rollout.getMetadata().getNamespace(), rollout.getMetadata().getName())) {
            if (!revision.equals(rs.getMetadata().getLabels().get(Labels.POD_TEMPLATE_HASH))) continue;
            List<Container> containers = rs.getSpec() == null || rs.getSpec().getTemplate() == null
                    || rs.getSpec().getTemplate().getSpec() == null ? null : rs.getSpec().getTemplate().getSpec().getContainers();
            return containers == null || containers.isEmpty() ? null : containers.get(0).getImage();
        }
        return null;
    }
}
