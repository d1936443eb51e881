package io.kulta.scenario;

/** The traffic-safety scenario on the mock API server. */
class TrafficSafetyScenarioTest extends TrafficSafetyScenario {
    @Override
    KultaCluster newCluster() {
        return new KultaCluster("traffic-safety", false);
    }
}
