package io.kulta.scenario;

import io.kulta.model.Phase;
import io.kulta.testing.real.KubectlResult;
import io.kulta.testing.real.RealKubernetes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The canary scenario on a real API server, the controller as user kulta-controller with deploy/rbac.yaml's rights. */
class CanaryScenarioOnRealApiServerTest extends CanaryScenario {

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    @Override
    KultaCluster newCluster() {
        return KultaCluster.onRealApiServer(api, "canary");
    }

    @Test
    void kubectlDescribeAndGetEventsShowTheControllersEvents() {
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(s -> assertThat(s.phase).isEqualTo(Phase.Completed));

        await().untilAsserted(() -> {
            KubectlResult describe = api.kubectl("describe", "rollout", "-n", cluster.namespace(), ROLLOUT);
            assertThat(describe.succeeded()).as("%s", describe).isTrue();
            assertThat(describe.out().substring(describe.out().indexOf("Events:")))
                    .contains("Started", "Completed", "kulta-controller");
        });
        KubectlResult events = api.kubectl("get", "events", "-n", cluster.namespace(),
                "--field-selector=involvedObject.kind=Rollout,involvedObject.name=" + ROLLOUT, "-o", "custom-columns=REASON:.reason");
        assertThat(events.out()).as("%s", events).contains("Started", "Completed");
    }
}
