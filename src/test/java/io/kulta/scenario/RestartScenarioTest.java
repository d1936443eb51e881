package io.kulta.scenario;

/** The restart scenario on the mock tier. */
class RestartScenarioTest extends RestartScenario {
    @Override
    KultaCluster newCluster() {
        return new KultaCluster("restart", false);
    }
}
