package io.kulta.scenario;

import io.kulta.playground.FaultPlan;
import io.kulta.playground.RequestLog;
import io.kulta.testing.real.ControllerRbac;
import io.kulta.testing.real.FaultyApiProxy;
import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

/**
 * {@link ChaosKillScenarioTest} on a real API server: every instance reaches kube-apiserver through its own cuttable
 * proxy in front of one {@link FaultyApiProxy}, so a kill loses what a killed process would, the Lease is a real
 * coordination.k8s.io Lease with the server's own resourceVersion checks, and faults come from the same plan as the mock's.
 */
class ChaosKillOnRealApiServerTest extends ChaosKillScenarioTest {

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

    /** The Lease lives beside the fleet, so deploy/rbac.yaml's Lease Role is bound there. */
    @Override
    KultaCluster newCluster() {
        KultaCluster cluster = KultaCluster.onRealApiServer(api, "chaos-kill", proxy);
        ControllerRbac.bindNamespacedRoles(api, ControllerRbac.USER, cluster.namespace());
        return cluster;
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
