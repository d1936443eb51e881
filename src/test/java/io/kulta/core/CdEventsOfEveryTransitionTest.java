package io.kulta.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.kulta.core.analysis.Measurement;
import io.kulta.core.analysis.Sample;
import io.kulta.core.analysis.VariantCounts;
import io.kulta.events.CdEvents;
import io.kulta.events.CloudEventMessage;
import io.kulta.model.Rollout;
import io.kulta.testing.JsonSchemas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.kulta.core.Rollouts.step;
import static io.kulta.events.CdEvents.DEPLOYED;
import static io.kulta.events.CdEvents.PUBLISHED;
import static io.kulta.events.CdEvents.REMOVED;
import static io.kulta.events.CdEvents.ROLLED_BACK;
import static io.kulta.events.CdEvents.UPGRADED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC §5 (amended 2026-12-01): every CDEvent of every strategy, from the real planners' transitions made into rollout
 * events as the route makes them, is valid against its CDEvents v0.4.1 schema and names the revision it is about.
 * Each walk starts on v1 (deployed and published) and rolls out v2.
 */
class CdEventsOfEveryTransitionTest {
    static final String V1 = "ghcr.io/example/shop:1.0";
    static final String V2 = "ghcr.io/example/shop:2.0@sha256:0a1b2c";
    static final String PURL_V1 = "pkg:oci/shop@1.0?repository_url=ghcr.io/example/shop";
    static final String PURL_V2 = "pkg:oci/shop@sha256%3A0a1b2c?repository_url=ghcr.io/example/shop&tag=2.0";
    static final List<Expected> FIRST_DEPLOYMENT = List.of(
            new Expected(DEPLOYED, "initialization", PURL_V1, V1), new Expected(PUBLISHED, "completed", null, V1));

    /** One CDEvent: its type, the end of its subject id, its artifactId (null: none) and customData.kulta.image. */
    record Expected(String type, String subject, String artifactId, String image) {
    }

    static Stream<Arguments> walks() {
        return Stream.of(
                Arguments.of("canary: deployed, upgraded per step, published", (Function<Walk, List<Expected>>) w -> {
                    w.cluster(Rollouts.canary("shop").replicas(5).steps(step(20, null), step(50, "1m")).httpRoute("shop-route"));
                    w.newImage().settle().promote().settle().clock(Duration.ofMinutes(1)).settle();
                    return List.of(new Expected(DEPLOYED, "initialization", PURL_V2, V2), new Expected(UPGRADED, "step/1", PURL_V2, V2),
                            new Expected(UPGRADED, "step/2", PURL_V2, V2), new Expected(PUBLISHED, "completed", null, V2));
                }),
                Arguments.of("blue-green: deployed, promotion upgraded, published", (Function<Walk, List<Expected>>) w -> {
                    w.cluster(Rollouts.blueGreen("shop").replicas(3).autoPromotion(false, null).httpRoute("shop-route"));
                    w.newImage().settle().promote().settle();
                    return List.of(new Expected(DEPLOYED, "initialization", PURL_V2, V2), new Expected(UPGRADED, "promotion", PURL_V2, V2),
                            new Expected(PUBLISHED, "completed", null, V2));
                }),
                Arguments.of("simple: deployed, published", (Function<Walk, List<Expected>>) w -> {
                    w.cluster(Rollouts.simple("shop").replicas(3));
                    w.newImage().settle();
                    return List.of(new Expected(DEPLOYED, "initialization", PURL_V2, V2), new Expected(PUBLISHED, "completed", null, V2));
                }),
                Arguments.of("A/B, B wins and is promoted: the conclusion and the completion name B", (Function<Walk, List<Expected>>) w -> {
                    w.abCluster();
                    w.newImage().settle().experimentMeasures(0.05, 0.01).promote().settle();
                    return List.of(new Expected(DEPLOYED, "initialization", PURL_V2, V2),
                            new Expected(PUBLISHED, "experiment-concluded", null, V2), new Expected(UPGRADED, "promotion", PURL_V2, V2),
                            new Expected(PUBLISHED, "completed", null, V2));
                }),
                Arguments.of("A/B, A kept: the conclusion and the completion name A, never the losing B", (Function<Walk, List<Expected>>) w -> {
                    w.abCluster();
                    w.newImage().settle().experimentMeasures(0.01, 0.05).settle();
                    return List.of(new Expected(DEPLOYED, "initialization", PURL_V2, V2),
                            new Expected(PUBLISHED, "experiment-concluded", null, V1), new Expected(PUBLISHED, "completed", null, V1));
                }),
                Arguments.of("abort: rolledback names the stable image that runs afterwards", (Function<Walk, List<Expected>>) w -> {
                    w.cluster(Rollouts.canary("shop").replicas(5).steps(step(20, null)).httpRoute("shop-route"));
                    w.newImage().settle().annotate(Annotations.ABORT).settle();
                    return List.of(new Expected(DEPLOYED, "initialization", PURL_V2, V2), new Expected(ROLLED_BACK, "rollback", PURL_V1, V1));
                }),
                Arguments.of("metric rollback: rolledback names the stable image that runs afterwards", (Function<Walk, List<Expected>>) w -> {
                    w.cluster(Rollouts.canary("shop").replicas(5).steps(step(20, null)).httpRoute("shop-route")
                            .spec(s -> s.strategy.canary.analysis = AnalysisFixtures.errorRateAtMost5Percent()));
                    w.newImage().settle().canaryMeasures(21.5).settle();
                    return List.of(new Expected(DEPLOYED, "initialization", PURL_V2, V2), new Expected(ROLLED_BACK, "rollback", PURL_V1, V1));
                }),
                Arguments.of("deletion mid-canary: removed names the stable image", (Function<Walk, List<Expected>>) w -> {
                    w.cluster(Rollouts.canary("shop").replicas(5).steps(step(20, null)).httpRoute("shop-route"));
                    w.newImage().settle().delete();
                    return List.of(new Expected(DEPLOYED, "initialization", PURL_V2, V2), new Expected(REMOVED, "removed", null, V1));
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("walks")
    void everyCdEventIsValidAndNamesTheRevisionItIsAbout(String name, Function<Walk, List<Expected>> walk) {
        Walk w = new Walk();
        List<Expected> expected = new ArrayList<>(FIRST_DEPLOYMENT);
        expected.addAll(walk.apply(w));

        List<JsonNode> events = w.cdEvents();

        assertThat(events).extracting(e -> e.path("context").path("type").asText())
                .containsExactlyElementsOf(expected.stream().map(Expected::type).toList());
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            Expected want = expected.get(i);
            JsonNode kulta = event.path("customData").path("kulta");
            assertThat(JsonSchemas.cdEvent(event)).as(event.toString()).isEmpty();
            assertThat(event.path("subject").path("id").asText()).as(event.toString()).isEqualTo("/rollouts/default/shop/" + want.subject());
            JsonNode artifact = event.path("subject").path("content").path("artifactId");
            if (want.artifactId() == null) assertThat(artifact.isMissingNode()).as(event.toString()).isTrue();
            else assertThat(artifact.asText()).as(event.toString()).isEqualTo(want.artifactId());
            assertThat(kulta.path("image").asText()).as(event.toString()).isEqualTo(want.image());
            assertThat(kulta.path("revision").asText()).as(event.toString()).isEqualTo(w.revisionOf(want.image()));
            assertThat(kulta.path("rollout").path("name").asText()).isEqualTo("shop");
            assertThat(kulta.path("decision").path("reason").asText()).isNotBlank();
        }
    }

    /** A walk of one Rollout on a {@link FakeCluster}, keeping every rollout event as the route builds it. */
    static final class Walk {
        private final Map<String, String> images = new HashMap<>();
        private final List<RolloutEvent> events = new ArrayList<>();
        private FakeCluster cluster;

        void cluster(Rollouts.Builder rollout) {
            cluster = FakeCluster.of(rollout.image(V1));
            images.put(cluster.revision(), V1);
            settle();
        }

        void abCluster() {
            cluster = FakeCluster.of(Rollouts.abTesting("shop").replicas(4).image(V1)).withRoute(AbRouteRulesTest.USER_ROUTE);
            images.put(cluster.revision(), V1);
            settle();
        }

        Walk newImage() {
            cluster.imageChangesTo(V2);
            images.put(cluster.revision(), V2);
            return this;
        }

        /** Reconciles, with every pod the plans ask for becoming available, until a reconcile changes nothing. */
        Walk settle() {
            for (int i = 0; i < 20; i++) {
                reconcile();
                if (cluster.lastWrites().isEmpty()) return this;
                cluster.podsBecomeAvailable();
            }
            throw new AssertionError("no settled state after 20 reconciles: " + cluster.status().message);
        }

        Walk promote() {
            return annotate(Annotations.PROMOTE);
        }

        Walk annotate(String annotation) {
            cluster.annotate(annotation, "true");
            return this;
        }

        Walk clock(Duration d) {
            cluster.clockAdvances(d);
            return this;
        }

        /** The canary's error rate, in percent, measured now at the step and weight it is on. */
        Walk canaryMeasures(double percent) {
            cluster.measured(new Measurement(cluster.revision(), cluster.status().currentStepIndex, cluster.status().currentWeight,
                    cluster.now(), Map.of("error-rate", new Sample(percent, 100.0)), null, Map.of()));
            return this;
        }

        /** After the minimum duration, both variants' error rates over 2000 requests each; one reconcile concludes. */
        Walk experimentMeasures(double errorRateA, double errorRateB) {
            cluster.clockAdvances(Duration.ofMinutes(6)).measured(Measurement.ofVariants(cluster.revision(), cluster.now(),
                    Map.of("error-rate", new VariantCounts(2000 * errorRateA, 2000.0, 2000 * errorRateB, 2000.0))));
            reconcile();
            return this;
        }

        /** kubectl delete: the cleanup's outcome once its writes went through. */
        void delete() {
            Rollout r = cluster.rollout();
            r.getMetadata().setFinalizers(List.of(Cleanup.FINALIZER));
            r.getMetadata().setDeletionTimestamp(Timestamps.format(cluster.now()));
            Cleanup cleanup = new Cleanup(Duration.ofSeconds(60));
            Optional<Transition> t = Optional.empty();
            for (int pass = 0; pass < 5 && t.isEmpty(); pass++) {     // make-before-break: stable's pods, then the weights
                cluster.apply(cleanup.plan(cluster.observation()));
                cluster.podsBecomeAvailable();
                t = cleanup.outcome(cluster.observation(), null);
            }
            events.add(event(t.orElseThrow()));
        }

        String revisionOf(String image) {
            return images.entrySet().stream().filter(e -> e.getValue().equals(image)).map(Map.Entry::getKey).findFirst().orElseThrow();
        }

        List<JsonNode> cdEvents() {
            CdEvents cdEvents = new CdEvents("https://kulta.io", UUID::randomUUID);
            return events.stream().map(cdEvents::toCloudEvent).filter(java.util.Objects::nonNull)
                    .map(CloudEventMessage::data).map(JsonSchemas::parse).toList();
        }

        private void reconcile() {
            Plan plan = cluster.reconcile();
            plan.transitions().forEach(t -> events.add(event(t)));
        }

        /** As RolloutWriter does after the status write: the saved Rollout, the ReplicaSets' images. */
        private RolloutEvent event(Transition t) {
            Rollout saved = cluster.rollout();
            return RolloutEvent.of(saved, new Observation(saved, Map.of(), Set.of(), Set.of(), cluster.now()).strategy(), t,
                    cluster.now(), images::get);
        }
    }
}
