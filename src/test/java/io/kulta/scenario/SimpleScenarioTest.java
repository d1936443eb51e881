package io.kulta.scenario;

/** The simple rolling update scenarios on the mock tier. */
class SimpleScenarioTest extends SimpleScenario {
    @Override
    KultaCluster newCluster() {
        return new KultaCluster("simple", false);
    }
}
