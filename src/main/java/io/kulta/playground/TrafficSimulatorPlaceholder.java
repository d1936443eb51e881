package io.kulta.playground;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.file.Path;
import java.util.List;

// Placeholder of SIM's API (playground-contract.md), deleted when SIM's branch is merged: sends no traffic, measures nothing.

final class TrafficSimulator implements AutoCloseable {
    static TrafficSimulator start(KubernetesClient client, String namespace, double requestsPerSecond, int port) {
        return new TrafficSimulator();
    }

    void behave(String image, PodBehaviour behaviour) {
    }

    String metricsTarget() {
        return "127.0.0.1:0";
    }

    List<RevisionTraffic> traffic(String namespace, String rollout) {
        return List.of();
    }

    List<String> requestsToEmptyBackends() {
        return List.of();
    }

    @Override
    public void close() {
    }
}

record PodBehaviour(double errorShare, double latencySeconds) {
    static PodBehaviour healthy() {
        return new PodBehaviour(0, 0.01);
    }
}

record RevisionTraffic(String revision, String image, int readyPods, double requestsPerSecond, double errorRate) {
}

interface MetricsBackend extends AutoCloseable {
    String url();

    String description();

    static MetricsBackend start(TrafficSimulator traffic, Path workDir) {
        return new MetricsBackend() {
            public String url() {
                return "http://127.0.0.1:9";
            }

            public String description() {
                return "no metrics backend yet (placeholder until the traffic simulator is merged)";
            }

            public void close() {
            }
        };
    }
}
