package io.kulta.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.core.Labels;
import io.kulta.model.AbExperimentStatus;
import io.kulta.model.AnalysisStatus;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code get rollout}: the tree of a Rollout mid-canary, plain and on a terminal, and of a concluded A/B experiment. */
class RolloutTreeTest {
    @Test
    void aPausedCanaryShowsStepWeightsRevisionsReplicaSetsRuleWeightsAndAnalysis() throws IOException {
        List<HasMetadata> docs = load("examples/canary-analysis.yaml");
        Rollout rollout = Serialization.jsonMapper().convertValue(docs.get(0), Rollout.class);
        rollout.setStatus(status(Phase.Paused, 0, 20, "8487d5f69d", "5c7fdc4789",
                "step 1/2: 20% to canary, paused 2m until 2026-12-02T10:02:00Z"));
        AnalysisStatus analysis = new AnalysisStatus();
        analysis.time = "2026-12-02T10:01:00Z";
        analysis.stepIndex = 0;
        analysis.weight = 20;
        analysis.verdict = "Fail";
        analysis.metrics = List.of(metric("error-rate", 12.5, 5.0, "Fail"), metric("latency-p95", 120.0, 500.0, "Pass"));
        rollout.getStatus().lastAnalysis = analysis;
        HTTPRoute route = (HTTPRoute) docs.stream().filter(d -> d instanceof HTTPRoute).findFirst().orElseThrow();
        route.getSpec().getRules().get(0).getBackendRefs().get(0).setWeight(80);
        route.getSpec().getRules().get(0).getBackendRefs().get(1).setWeight(20);
        route.getSpec().getRules().add(new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder().withName("docs")
                .addNewBackendRef().withName("docs").withPort(80).endBackendRef().build());   // not the Rollout's: not shown
        RolloutView view = new RolloutView(rollout, List.of(
                replicaSet("shop-analysed", "5c7fdc4789", "ghcr.io/example/shop:2.0.0-broken", "2026-12-02T10:00:00Z", 1, 1),
                replicaSet("shop-analysed", "8487d5f69d", "ghcr.io/example/shop:1.0.0", "2026-12-01T09:00:00Z", 4, 4)), route);

        String plain = RolloutTree.render(view, Style.PLAIN);

        assertThat(plain).doesNotContain("\u001b[");
        Golden.assertMatches("tree-canary-paused.txt", plain);
        Golden.assertMatches("tree-canary-paused.tty.txt", RolloutTree.render(view, new Style(true)));
    }

    @Test
    void aConcludedExperimentShowsSamplesPerMetricAndTheVerdict() throws IOException {
        Rollout rollout = Serialization.jsonMapper().convertValue(load("examples/ab-testing.yaml").get(0), Rollout.class);
        rollout.setStatus(status(Phase.Concluded, null, 0, "7fc89947c8", "6d466cdcdc", "A/B experiment concluded: winner B"));
        AbExperimentStatus e = new AbExperimentStatus();
        e.startedAt = "2026-12-02T10:00:00Z";
        e.concludedAt = "2026-12-02T10:30:00Z";
        e.sampleSizeA = 1200L;
        e.sampleSizeB = 1180L;
        AbExperimentStatus.MetricResult m = new AbExperimentStatus.MetricResult();
        m.name = "error-rate";
        m.valueA = 0.021;
        m.valueB = 0.004;
        m.confidence = 0.998;
        m.isSignificant = true;
        m.winner = AbExperimentStatus.Variant.B;
        e.results = List.of(m);
        e.winner = AbExperimentStatus.Variant.B;
        e.conclusionReason = AbExperimentStatus.ConclusionReason.ConsensusReached;
        rollout.getStatus().abExperiment = e;

        String plain = RolloutTree.render(new RolloutView(rollout, List.of(), null), Style.PLAIN);

        Golden.assertMatches("tree-ab-concluded.txt", plain);
    }

    @Test
    void aRunningExperimentShowsItsPrometheusErrorsInARowUntilAnAnswer() throws IOException {
        Rollout rollout = Serialization.jsonMapper().convertValue(load("examples/ab-testing.yaml").get(0), Rollout.class);
        rollout.setStatus(status(Phase.Experimenting, null, 0, "7fc89947c8", "6d466cdcdc", "A/B experiment: Prometheus error: HTTP 503"));
        AbExperimentStatus e = new AbExperimentStatus();
        e.startedAt = "2026-12-02T10:00:00Z";
        e.consecutiveErrors = 3;
        e.lastError = "HTTP 503";
        e.lastErrorTime = "2026-12-02T10:05:00Z";
        rollout.getStatus().abExperiment = e;

        assertThat(RolloutTree.render(new RolloutView(rollout, List.of(), null), Style.PLAIN))
                .contains("Prometheus errors in a row: 3, last at 2026-12-02T10:05:00Z: HTTP 503");

        e.consecutiveErrors = 0;
        e.lastError = null;
        assertThat(RolloutTree.render(new RolloutView(rollout, List.of(), null), Style.PLAIN)).doesNotContain("Prometheus errors");
    }

    private static RolloutStatus status(Phase phase, Integer step, int weight, String stable, String canary, String message) {
        RolloutStatus s = new RolloutStatus();
        s.phase = phase;
        s.currentStepIndex = step;
        s.currentWeight = weight;
        s.stableRevision = stable;
        s.canaryRevision = canary;
        s.message = message;
        return s;
    }

    private static AnalysisStatus.MetricResult metric(String name, double value, double threshold, String verdict) {
        AnalysisStatus.MetricResult m = new AnalysisStatus.MetricResult();
        m.name = name;
        m.value = value;
        m.threshold = threshold;
        m.verdict = verdict;
        return m;
    }

    private static ReplicaSet replicaSet(String rollout, String revision, String image, String created, int desired, int ready) {
        return new ReplicaSetBuilder().withNewMetadata().withName(rollout + "-" + revision).withCreationTimestamp(created)
                .addToLabels(Labels.POD_TEMPLATE_HASH, revision).addToLabels(Labels.ROLLOUT, rollout).endMetadata()
                .withNewSpec().withReplicas(desired).withNewTemplate().withNewSpec().addNewContainer().withName("shop").withImage(image)
                .endContainer().endSpec().endTemplate().endSpec()
                .withNewStatus().withReplicas(desired).withReadyReplicas(ready).withAvailableReplicas(ready).endStatus().build();
    }

    private static List<HasMetadata> load(String file) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return Serialization.unmarshal(in);
        }
    }
}
