package io.kulta.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kulta.model.Phase;
import io.kulta.testing.MutableClock;
import io.kulta.testing.real.AuditLog;
import io.kulta.testing.real.ControllerRbac;
import io.kulta.testing.real.RealKubernetes;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link MutatedRolloutsScenarioTest} on a real API server, 100 manifests with the full-size mutations (1 MiB strings,
 * 10,000 steps): what the CRD refuses at apply (422) is counted apart from what the controller rejects, and every
 * manifest the server stores is handled as on the mock — reported by name and written nothing for, or reconciled.
 */
class MutatedRolloutsOnRealApiServerTest {
    static final int MANIFESTS = 100;
    static final int BATCH = 20;

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    final long seed = MutatedRollouts.seed();
    KultaCluster cluster;
    RunningController controller;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void whatTheCrdRefusesIsCountedApartAndWhatItStoresIsHandledAsOnTheMock() throws Exception {
        System.out.println("MutatedRolloutsOnRealApiServerTest seed " + seed + " (repeat with -Dkulta.mutationSeed=" + seed + ")");
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
        cluster = KultaCluster.onRealApiServer(api, "mutants");
        cluster.apply(Path.of("examples/canary.yaml"));
        controller = RunningController.start(cluster, clock, Map.of("kulta.resyncSeconds", "5"));
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        CanaryAlongside canary = new CanaryAlongside(cluster, clock);

        MutatedRollouts generator = new MutatedRollouts(seed, MutatedRollouts.Sizes.REAL);
        List<MutatedRollouts.Mutant> stored = new ArrayList<>();
        List<String> refusedAtApply = new ArrayList<>();
        for (int i = 0; i < MANIFESTS; i++) {
            MutatedRollouts.Mutant m = generator.next("m", i);
            try {
                RawRollouts.create(cluster.client(), cluster.namespace(), m.manifest());
                stored.add(m);
                if (!MutatedRolloutsScenarioTest.Verdict.of(m).invalid())
                    MutatedRollouts.references(m.base(), m.name()).forEach(o -> RawRollouts.createObject(cluster.client(), cluster.namespace(), o));
            } catch (KubernetesClientException e) {
                assertThat(e.getCode()).as("%s: only the schema refuses a manifest (seed %d)", m.describe(), seed).isEqualTo(422);
                refusedAtApply.add(m.kind());
            }
            if ((i + 1) % BATCH == 0) canary.nextStep();
        }
        canary.finish();

        Map<String, JsonNode> rollouts = MutatedRolloutsScenarioTest.awaitValidConditions(cluster, stored, seed);
        Map<String, List<Event>> events = cluster.client().v1().events().list().getItems().stream()
                .collect(Collectors.groupingBy(e -> e.getInvolvedObject().getName()));
        List<AuditLog.Write> writes = api.writes().stream().filter(w -> w.user().equals(ControllerRbac.USER)
                && w.namespace().equals(cluster.namespace())).toList();

        List<String> failures = new ArrayList<>();
        int rejectedByController = 0;
        for (MutatedRollouts.Mutant m : stored) {
            MutatedRolloutsScenarioTest.Verdict verdict = MutatedRolloutsScenarioTest.Verdict.of(m);
            JsonNode valid = RawRollouts.condition(rollouts.get(m.name()), "Valid");
            if (verdict.invalid()) {
                rejectedByController++;
                if (!valid.path("status").asText().equals("False") || !valid.path("message").asText().contains(verdict.field()))
                    failures.add(m.describe() + ": expected Valid=False naming " + verdict.field() + ", got " + valid);
                if (events.getOrDefault(m.name(), List.of()).stream().noneMatch(e -> e.getReason().equals("InvalidSpec")))
                    failures.add(m.describe() + ": no InvalidSpec Warning Event");
                List<String> written = writes.stream().filter(w -> w.name().startsWith(m.name() + "-") || w.name().endsWith("-" + m.name())
                        || w.name().equals(m.name()) && !(w.resource().equals("rollouts") && w.subresource().equals("status")))
                        .map(AuditLog.Write::describe).toList();
                if (!written.isEmpty()) failures.add(m.describe() + ": written for although invalid: " + written);
            } else if (!valid.path("status").asText().equals("True") && !MutatedRolloutsScenarioTest.refusedByTheApi(rollouts.get(m.name()))) {
                failures.add(m.describe() + ": valid by the controller's own rules, yet " + valid);
            }
        }
        System.out.println("MutatedRolloutsOnRealApiServerTest seed " + seed + ": " + MANIFESTS + " manifests, " + refusedAtApply.size()
                + " refused by the CRD at apply (" + refusedAtApply.stream().collect(Collectors.groupingBy(k -> k.replaceAll(" \\S+$|\".*", ""),
                java.util.TreeMap::new, Collectors.counting())) + "), " + rejectedByController + " rejected by the controller, "
                + (stored.size() - rejectedByController) + " reconciled");
        assertThat(failures).as("manifests the controller mishandled (seed %d)", seed).isEmpty();
        canary.assertCompleted();
        assertThat(controller.context().getStatus()).isEqualTo(ServiceStatus.Started);
    }
}
