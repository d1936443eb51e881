package io.kulta.scenario;

import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The A/B testing scenarios on a real API server: its HTTPRoute schema validates the rules the controller adds. */
class AbTestingScenarioOnRealApiServerTest extends AbTestingScenario {
    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    @Override
    KultaCluster newCluster() {
        return KultaCluster.onRealApiServer(api, "ab");
    }

    @Override
    boolean keepsRuleNames() {
        return false;
    }
}
