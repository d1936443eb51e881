package io.kulta.scenario;

import io.kulta.model.Phase;
import io.kulta.testing.HttpGet;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15 "Consoles": after a first deployment, the route statistics are readable over JMX (what jconsole, VisualVM
 * and hawtio show), over Jolokia on the HTTP port, and in Camel's developer console; each can be turned off.
 */
class ConsolesScenarioTest {
    KultaCluster cluster = new KultaCluster("consoles", false);
    RunningController controller;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        cluster.close();
    }

    @Test
    void routeStatisticsAreOnJmxJolokiaAndTheDeveloperConsole() throws Exception {
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")), Map.of());
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));

        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        String contextName = controller.context().getManagementName();
        ObjectName reconcile = new ObjectName("org.apache.camel:context=" + contextName + ",type=routes,name=\"reconcile\"");
        assertThat((Long) jmx.getAttribute(reconcile, "ExchangesTotal")).as("reconciles seen by JMX").isPositive();

        HttpGet.Answer jolokia = HttpGet.get(controller.httpUrl() + "/observe/jolokia/read/" + reconcile.toString().replace("\"", "%22") + "/ExchangesTotal");
        assertThat(jolokia.status()).isEqualTo(200);
        assertThat(jolokia.body()).contains("\"status\":200").containsPattern("\"value\":[1-9]");

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            HttpGet.Answer routes = HttpGet.get(controller.httpUrl() + "/q/dev/route");
            assertThat(routes.status()).isEqualTo(200);
            assertThat(routes.body()).contains("reconcile-worker", "apply-plan");
        });
    }

    @Test
    void jolokiaAndTheDeveloperConsoleCanBeTurnedOff() throws Exception {
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-11-25T10:00:00Z")),
                Map.of("kulta.jolokiaEnabled", "false", "kulta.devConsoleEnabled", "false"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> HttpGet.get(controller.httpUrl() + "/healthz").status() == 200);

        assertThat(HttpGet.get(controller.httpUrl() + "/observe/jolokia/version").status()).isEqualTo(404);
        assertThat(HttpGet.get(controller.httpUrl() + "/q/dev/route").status()).isEqualTo(404);
    }
}
