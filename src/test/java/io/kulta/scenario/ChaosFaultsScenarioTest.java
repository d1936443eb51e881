package io.kulta.scenario;

import io.kulta.playground.FaultPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 18, first bullet: one request of the controller's in five faulted, every kind of fault. */
class ChaosFaultsScenarioTest extends ChaosScenario {

    @Test
    void mixedRolloutsAllReachTheirFinalStateWithOneRequestInFiveFaultedAndNeverGoBackNorLoop() throws Exception {
        FaultPlan plan = faults(0.2);
        injectFaults(plan);
        startController(Map.of());

        createFleetAndAwaitFirstDeployments(Duration.ofSeconds(30));
        updateFleetAndAwaitFinalStates(Duration.ofSeconds(60));

        printSummary(plan);
        assertThat(plan.injected()).as("faults injected").isGreaterThan(50);
        assertHistories(plan);
    }
}
