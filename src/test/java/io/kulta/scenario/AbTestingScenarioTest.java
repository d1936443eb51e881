package io.kulta.scenario;

/** The A/B testing scenarios on the mock tier. */
class AbTestingScenarioTest extends AbTestingScenario {
    @Override
    KultaCluster newCluster() {
        return new KultaCluster("ab", false);
    }

    @Override
    boolean keepsRuleNames() {
        return true;
    }
}
