package io.kulta.scenario;

import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The traffic-safety scenario on a real API server, the controller with deploy/rbac.yaml's rights. */
class TrafficSafetyScenarioOnRealApiServerTest extends TrafficSafetyScenario {
    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    @Override
    KultaCluster newCluster() {
        return KultaCluster.onRealApiServer(api, "traffic");
    }
}
