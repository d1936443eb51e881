package io.kulta.scenario;

import io.kulta.playground.FaultPlan;
import io.kulta.playground.RequestLog;
import io.kulta.testing.real.FaultyApiProxy;
import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

/**
 * {@link ChaosFaultsScenarioTest} on a real API server: the controller (user kulta-controller, deploy/rbac.yaml's rights)
 * reaches it through a {@link FaultyApiProxy}, which faults one of its requests in five and counts its status writes.
 */
class ChaosFaultsOnRealApiServerTest extends ChaosFaultsScenarioTest {

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    static FaultyApiProxy proxy;

    @BeforeAll
    static void startProxy() {
        proxy = api.newFaultyProxy();
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Override
    KultaCluster newCluster() {
        return KultaCluster.onRealApiServer(api, "chaos", proxy);
    }

    @Override
    void injectFaults(FaultPlan plan) {
        proxy.injectFaults(plan);
    }

    @Override
    List<RequestLog.Entry> requests() {
        return proxy.requests();
    }

    @Override
    int apiPort() {
        return proxy.port();
    }
}
