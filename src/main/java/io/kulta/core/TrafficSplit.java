package io.kulta.core;

/** Weights the named HTTPRoute should carry: {@code canaryWeight}% to the canary Service, the rest to stable. */
public record TrafficSplit(String httpRoute, String stableService, String canaryService, int canaryWeight, int port) {
    public int stableWeight() {
        return 100 - canaryWeight;
    }
}
