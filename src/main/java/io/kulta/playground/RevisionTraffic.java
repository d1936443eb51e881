package io.kulta.playground;

/**
 * What one revision of a Rollout served over the last few seconds.
 *
 * @param revision          its pod-template-hash
 * @param image             the first container's image of its pod template
 * @param readyPods         the ReplicaSet's readyReplicas
 * @param requestsPerSecond requests its pods answered per second
 * @param errorRate         the share of those answered with a 5xx, 0..1 (0 without requests)
 */
public record RevisionTraffic(String revision, String image, int readyPods, double requestsPerSecond, double errorRate) {
}
