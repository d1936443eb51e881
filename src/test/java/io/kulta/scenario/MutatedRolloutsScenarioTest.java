package io.kulta.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.core.SpecValidator;
import io.kulta.kube.RolloutReader;
import io.kulta.model.Phase;
import io.kulta.playground.RequestLog;
import io.kulta.testing.MutableClock;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
 * Property: whatever a Rollout carries, the controller neither crashes nor writes anything for one it rejects. 500 mutated
 * manifests ({@link MutatedRollouts}, seeded: -Dkulta.mutationSeed=N repeats a run) go through the mock API in batches
 * while a valid canary rolls out alongside. Which are invalid is the controller's own verdict (its reader, then its
 * SpecValidator); where that differs from what the generator meant, the run lists it as a finding.
 */
class MutatedRolloutsScenarioTest {
    static final int MANIFESTS = 500;
    static final int BATCH = 50;
    final long seed = MutatedRollouts.seed();
    KultaCluster cluster;
    RunningController controller;

    @AfterEach
    void stop() throws Exception {
        if (controller != null) controller.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void noMutatedRolloutCrashesTheControllerOrGetsAWriteAndAValidCanaryCompletesAlongside() throws Exception {
        System.out.println("MutatedRolloutsScenarioTest seed " + seed + " (repeat with -Dkulta.mutationSeed=" + seed + ")");
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
        cluster = new KultaCluster("mutants", false);
        cluster.apply(java.nio.file.Path.of("examples/canary.yaml"));
        // every key is queued each resync: at 500 Rollouts once a second would be all the controller does
        controller = RunningController.start(cluster, clock, Map.of("kulta.workers", "4", "kulta.resyncSeconds", "5"));
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        CanaryAlongside canary = new CanaryAlongside(cluster, clock);

        MutatedRollouts generator = new MutatedRollouts(seed, MutatedRollouts.Sizes.MOCK);
        List<MutatedRollouts.Mutant> mutants = new ArrayList<>();
        for (int i = 0; i < MANIFESTS; i++) {
            MutatedRollouts.Mutant m = generator.next("m", i);
            mutants.add(m);
            // its own Services and route, to be reconciled for real; one it rejects is caught writing to them all the same
            if (!Verdict.of(m).invalid())
                MutatedRollouts.references(m.base(), m.name()).forEach(o -> RawRollouts.createObject(cluster.client(), cluster.namespace(), o));
            RawRollouts.create(cluster.client(), cluster.namespace(), m.manifest());
            if ((i + 1) % BATCH == 0) canary.nextStep();
        }
        canary.finish();

        Map<String, JsonNode> stored = awaitValidConditions(cluster, mutants, seed);
        assertThat(controller.context().getStatus()).as(seeded("the controller runs")).isEqualTo(ServiceStatus.Started);
        Map<String, List<Event>> events = cluster.client().v1().events().list().getItems().stream()
                .collect(Collectors.groupingBy(e -> e.getInvolvedObject().getName()));
        List<RequestLog.Entry> writes = cluster.api().requests().entries().stream()
                .filter(e -> e.isWrite() && e.userAgent().startsWith("kulta/")).toList();

        List<String> failures = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        int invalid = 0;
        for (MutatedRollouts.Mutant m : mutants) {
            Verdict verdict = Verdict.of(m);
            JsonNode valid = RawRollouts.condition(stored.get(m.name()), "Valid");
            List<Event> theirs = events.getOrDefault(m.name(), List.of());
            if (verdict.invalid()) {
                invalid++;
                String message = valid.path("message").asText();
                if (!valid.path("status").asText().equals("False") || !message.contains(verdict.field()))
                    failures.add(m.describe() + ": expected Valid=False naming " + verdict.field() + ", got " + valid);
                if (theirs.stream().noneMatch(e -> e.getReason().equals("InvalidSpec") && e.getType().equals("Warning")))
                    failures.add(m.describe() + ": no InvalidSpec Warning Event");
                List<String> written = writes.stream().filter(w -> w.path().contains("/" + m.name()) || w.path().contains(m.name() + "-")
                        || w.path().endsWith("-" + m.name())).map(w -> w.method() + " " + w.path())
                        .filter(w -> !w.endsWith("/rollouts/" + m.name() + "/status")).toList();
                if (!written.isEmpty()) failures.add(m.describe() + ": written for although invalid: " + written);
                if (ancestors(m.field()).stream().noneMatch(message::contains))
                    findings.add(m.describe() + ": the message does not name the mutated field: " + message);
            } else if (!valid.path("status").asText().equals("True") && !refusedByTheApi(stored.get(m.name()))) {
                failures.add(m.describe() + ": valid by the controller's own rules, yet " + valid);
            }
            if (m.intent() == MutatedRollouts.Intent.INVALID && !verdict.invalid())
                findings.add(m.describe() + ": meant to be invalid, but the controller accepts it");
            if (m.intent() == MutatedRollouts.Intent.VALID && verdict.invalid())
                findings.add(m.describe() + ": meant to be valid, but the controller rejects it: " + verdict.field());
        }
        System.out.println("MutatedRolloutsScenarioTest seed " + seed + ": " + MANIFESTS + " manifests, " + invalid + " invalid, "
                + findings.size() + " findings" + findings.stream().map(f -> "\n  finding: " + f).collect(Collectors.joining()));
        assertThat(failures).as(seeded("manifests the controller mishandled")).isEmpty();
        canary.assertCompleted();
        assertThat(controller.context().getStatus()).as(seeded("the controller runs")).isEqualTo(ServiceStatus.Started);
    }

    /** Every mutant's Rollout once each has a Valid condition; else fails naming those without one. */
    static Map<String, JsonNode> awaitValidConditions(KultaCluster cluster, List<MutatedRollouts.Mutant> mutants, long seed) {
        java.util.concurrent.atomic.AtomicReference<Map<String, JsonNode>> last = new java.util.concurrent.atomic.AtomicReference<>(Map.of());
        try {
            await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1)).until(() -> {
                last.set(RawRollouts.list(cluster.client(), cluster.namespace()));
                return mutants.stream().allMatch(m -> decided(last.get().get(m.name())));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> without = mutants.stream().filter(m -> !decided(last.get().get(m.name())))
                    .map(m -> m.describe() + " status " + cut(String.valueOf(last.get().get(m.name()) == null ? null : last.get().get(m.name()).path("status"))))
                    .toList();
            throw new AssertionError("no Valid condition within 90 s (seed " + seed + ") on:\n  " + String.join("\n  ", without), e);
        }
        return last.get();
    }

    /** Valid=True or False, or a write the API server refused (SPEC §3: Progressing=False with its reason, e.g. a 422 pod template). */
    private static boolean decided(JsonNode rollout) {
        return !RawRollouts.condition(rollout, "Valid").isMissingNode() || refusedByTheApi(rollout);
    }

    static boolean refusedByTheApi(JsonNode rollout) {
        JsonNode progressing = RawRollouts.condition(rollout, "Progressing");
        return progressing.path("status").asText().equals("False") && progressing.path("reason").asText().equals("Invalid");
    }

    private static String cut(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private String seeded(String what) {
        return what + " (seed " + seed + ": -Dkulta.mutationSeed=" + seed + ")";
    }

    /** The field and its parents down to spec.x: a message naming any of them names the field. */
    static List<String> ancestors(String field) {
        List<String> out = new ArrayList<>();
        for (String f = field; ; f = MutatedRollouts.parent(f)) {
            out.add(f);
            boolean specX = f.indexOf('.') == f.lastIndexOf('.') && !f.contains("[");
            if (specX) return out;
        }
    }

    /** The controller's own verdict on a manifest: what its reader cannot read, else what its SpecValidator rejects. */
    record Verdict(boolean invalid, String field) {
        static final RolloutReader READER = new RolloutReader();

        static Verdict of(MutatedRollouts.Mutant m) {
            RolloutReader.Read read = READER.read(Serialization.unmarshal(m.manifest().toString(), GenericKubernetesResource.class));
            if (!read.readable()) return new Verdict(true, read.field());
            List<String> problems = SpecValidator.validate(read.rollout());
            return problems.isEmpty() ? new Verdict(false, null) : new Verdict(true, problems.get(0).substring(0, problems.get(0).indexOf(": ")));
        }
    }
}
