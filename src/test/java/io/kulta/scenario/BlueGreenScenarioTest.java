package io.kulta.scenario;

/** The blue-green rollout scenarios on the mock tier. */
class BlueGreenScenarioTest extends BlueGreenScenario {
    @Override
    KultaCluster newCluster() {
        return new KultaCluster("bluegreen", false);
    }
}
