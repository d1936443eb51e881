package io.kulta.playground;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kulta.core.Labels;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** One scenario's Rollout in its own namespace, driven the way a user would: annotations, image changes, waits. */
public final class ScenarioContext {
    private static final Duration POLL = Duration.ofMillis(200);
    static final Duration THINK_TIME = Duration.ofMillis(1500);

    private final KubernetesClient client;
    private final TrafficSimulator traffic;
    private final String rollout;

    ScenarioContext(KubernetesClient client, TrafficSimulator traffic, String rollout) {
        this.client = client;
        this.traffic = traffic;
        this.rollout = rollout;
    }

    public String rolloutName() {
        return rollout;
    }

    public TrafficSimulator traffic() {
        return traffic;
    }

    public Rollout rollout() {
        return client.resources(Rollout.class).withName(rollout).get();
    }

    public RolloutStatus status() {
        Rollout r = rollout();
        return r == null || r.getStatus() == null ? new RolloutStatus() : r.getStatus();
    }

    public Phase phase() {
        return status().phase;
    }

    /**
     * {@code kubectl annotate rollout NAME KEY=VALUE}, after a user's moment of reading the screen: the state that asked
     * for it stays on the view (and in the transition lines, sampled every {@value Playground#VIEW_MILLIS} ms) a while.
     */
    public void annotate(String key, String value) throws InterruptedException {
        Thread.sleep(THINK_TIME.toMillis());
        edit(r -> {
            r.getMetadata().getAnnotations().put(key, value);
            return r;
        });
    }

    /** {@code kubectl patch} of the first container's image. */
    public void setImage(String image) {
        edit(r -> {
            r.getSpec().template.getSpec().getContainers().get(0).setImage(image);
            return r;
        });
    }

    public String image() {
        return rollout().getSpec().template.getSpec().getContainers().get(0).getImage();
    }

    /** The first container's image of the stable revision's ReplicaSet, if there is one. */
    public Optional<String> stableImage() {
        String stable = status().stableRevision;
        if (stable == null) return Optional.empty();
        return client.apps().replicaSets().withLabel(Labels.POD_TEMPLATE_HASH, stable).list().getItems().stream()
                .findFirst().map(ScenarioContext::imageOf);
    }

    static String imageOf(ReplicaSet rs) {
        return rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** Polls until the Rollout satisfies the condition; false when the deadline passed first. */
    public boolean awaitRollout(Predicate<Rollout> condition, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            Rollout r = rollout();
            if (r != null && condition.test(r)) return true;
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    public boolean awaitPhase(Phase phase, Duration deadline) throws InterruptedException {
        return awaitRollout(r -> r.getStatus() != null && r.getStatus().phase == phase, deadline);
    }

    /** Edits like kubectl edit: a conflict with the controller's own write reads again and retries. */
    private void edit(UnaryOperator<Rollout> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(Rollout.class).withName(rollout).edit(change);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) throw e;
            }
        }
    }
}
