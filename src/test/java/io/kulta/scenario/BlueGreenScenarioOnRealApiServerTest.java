package io.kulta.scenario;

import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The blue-green rollout scenarios on a real API server, the controller as user kulta-controller with deploy/rbac.yaml's rights. */
class BlueGreenScenarioOnRealApiServerTest extends BlueGreenScenario {
    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    @Override
    KultaCluster newCluster() {
        return KultaCluster.onRealApiServer(api, "bluegreen");
    }
}
