package io.kulta.scenario;

import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The deletion scenario on a real API server (its finalizer and deletion semantics), the controller with deploy/rbac.yaml's rights. */
class DeletionScenarioOnRealApiServerTest extends DeletionScenario {

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    @Override
    KultaCluster newCluster() {
        return KultaCluster.onRealApiServer(api, "deletion");
    }
}
