package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.Event;
import io.kulta.core.Conditions;
import io.kulta.model.Phase;
import io.kulta.testing.ForeignReplicaSet;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kulta.scenario.ScenarioWaits.awaitReconciles;
import static io.kulta.scenario.ScenarioWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SPEC §3 "Every API error is on the Rollout": a refused write shows as Progressing=False with the API's reason and
 * message plus one Warning Event; a 5xx is reported only once it has lasted longer than kulta.apiErrorReportSeconds.
 */
class ApiErrorScenarioTest {
    static final String NS = "apierrors";
    static final String RS_CREATE = "/apis/apps/v1/namespaces/" + NS + "/replicasets";
    static final String ROUTE = "/apis/gateway.networking.k8s.io/v1/namespaces/" + NS + "/httproutes/shop-route";
    static final String INVALID = "ReplicaSet.apps \"kulta-demo-x\" is invalid: spec.template.spec.containers[0].name: "
            + "Invalid value: \"Shop\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters";

    KultaCluster cluster = new KultaCluster(NS, false, 0);   // a 5xx reaches the controller, not fabric8's own retries
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    RunningController controller;

    @BeforeEach
    void start() throws Exception {
        controller = RunningController.start(cluster, clock,
                Map.of("kulta.retryMaxSeconds", "1", "kulta.apiErrorReportSeconds", "5"));
        cluster.apply(Path.of("examples/canary.yaml"));
        awaitStatus(cluster, "kulta-demo", s -> assertThat(s.phase).isEqualTo(Phase.Completed));
    }

    @AfterEach
    void stop() throws Exception {
        controller.close();
        cluster.close();
    }

    @Test
    void anInvalidReplicaSetIsReportedWithTheApiReasonAndMessageAndOneWarningEvent() {
        cluster.api().failNext("POST", RS_CREATE, 422, 1_000, INVALID);

        cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, "kulta-demo", s -> assertThat(Conditions.find(s.conditions, Conditions.PROGRESSING))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("Invalid");
                    assertThat(c.getMessage()).isEqualTo(INVALID);
                }));
        awaitCreateAttempts(5);   // retried with backoff, reported once
        assertThat(warnings("Invalid")).singleElement().extracting(Event::getMessage).isEqualTo(INVALID);

        cluster.api().clearFailures();
        awaitStatus(cluster, "kulta-demo", s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        });
    }

    @Test
    void aServerErrorThatPersistsIsReportedOnceItHasLastedLongerThanTheReportDelay() {
        cluster.api().failNext("POST", RS_CREATE, 500, 1_000, "etcdserver: request timed out");

        cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
        awaitCreateAttempts(4);
        assertThat(cluster.status("kulta-demo").conditions).noneMatch(c -> "InternalError".equals(c.getReason()));
        assertThat(warnings("InternalError")).isEmpty();

        clock.advance(Duration.ofSeconds(6));
        awaitStatus(cluster, "kulta-demo", s -> assertThat(Conditions.find(s.conditions, Conditions.PROGRESSING))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("InternalError");
                    assertThat(c.getMessage()).isEqualTo("etcdserver: request timed out");
                }));
        awaitCreateAttempts(cluster.api().requests().count("POST", RS_CREATE) + 3);
        assertThat(warnings("InternalError")).hasSize(1);
    }

    @Test
    void aServerErrorThatHealsQuicklyIsNotReportedAndTheRolloutGoesOn() {
        cluster.api().failNext("POST", RS_CREATE, 500, 3, "etcdserver: request timed out");

        cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, "kulta-demo", s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        });
        assertThat(cluster.api().requests().count("POST", RS_CREATE)).isGreaterThanOrEqualTo(4);
        clock.advance(Duration.ofSeconds(6));   // a stale first-failure time would now make a later error reportable at once
        awaitReconciles(controller, 2);
        assertThat(warnings("InternalError")).isEmpty();
        assertThat(cluster.status("kulta-demo").conditions).noneMatch(c -> "InternalError".equals(c.getReason()));
    }

    @Test
    void aConflictOnTheHttpRouteIsReadAgainAndTriedAgainWithinTheReconcile() {
        cluster.api().failNext("PATCH", ROUTE, 409, 2, "the object has been modified; please apply your changes to the latest version");

        cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
        awaitStatus(cluster, "kulta-demo", s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        });
        assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-canary", 20);
        assertThat(cluster.api().requests().count("PATCH", ROUTE)).as("two refused, then one that landed").isGreaterThanOrEqualTo(3);
        assertThat(cluster.api().requests().count("GET", ROUTE)).as("each conflict reads the route again").isGreaterThanOrEqualTo(2);
        assertThat(warnings("Conflict")).isEmpty();
    }

    @Test
    void aConflictThatPersistsIsGivenUpPerReconcileAndReportedOnceItOutlastsTheReportDelay() {
        cluster.api().failNext("PATCH", ROUTE, 409, 1_000, "the object has been modified; please apply your changes to the latest version");

        cluster.setImage("kulta-demo", "ghcr.io/example/shop:2.0.0");
        await().atMost(20, TimeUnit.SECONDS).until(() -> cluster.api().requests().count("PATCH", ROUTE) >= 6);   // two reconciles
        assertThat(cluster.status("kulta-demo").conditions).noneMatch(c -> "Conflict".equals(c.getReason()));

        clock.advance(Duration.ofSeconds(6));
        awaitStatus(cluster, "kulta-demo", s -> assertThat(Conditions.find(s.conditions, Conditions.PROGRESSING))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("Conflict");
                }));
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(warnings("Conflict")).hasSize(1));
        assertThat(cluster.weights("shop-route", 0)).as("no weight moved").containsEntry("shop-canary", 0);
    }

    @Test
    void aReplicaSetOfTheNewRevisionsNameThatIsNotTheRolloutsIsReportedAtOnceAndNeverAdoptedNorChanged() {
        String image = "ghcr.io/example/shop:2.0.0";
        String name = "kulta-demo-" + cluster.revisionWithImage("kulta-demo", image);
        cluster.create(ForeignReplicaSet.named(name, 0));

        cluster.setImage("kulta-demo", image);
        awaitStatus(cluster, "kulta-demo", s -> assertThat(Conditions.find(s.conditions, Conditions.PROGRESSING))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("AlreadyExists");
                    assertThat(c.getMessage()).contains(name, "already exists", "neither adopts nor changes it");
                }));
        awaitCreateAttempts(3);   // retried with backoff, reported once, without waiting for the report delay
        assertThat(warnings("AlreadyExists")).singleElement().extracting(Event::getMessage).asString().contains(name);
        var theirs = cluster.client().apps().replicaSets().withName(name).get();
        assertThat(theirs.getMetadata().getOwnerReferences()).as("not adopted").isEmpty();
        assertThat(theirs.getMetadata().getLabels()).containsExactly(Map.entry("app", ForeignReplicaSet.APP));
        assertThat(theirs.getSpec().getReplicas()).isZero();
        assertThat(cluster.api().requests().count("PATCH", RS_CREATE + "/" + name)).as("never written").isZero();
        assertThat(cluster.weights("shop-route", 0)).containsEntry("shop-canary", 0);

        cluster.client().apps().replicaSets().withName(name).delete();   // the name is free: the rollout goes on
        awaitStatus(cluster, "kulta-demo", s -> {
            assertThat(s.phase).isEqualTo(Phase.Paused);
            assertThat(s.currentWeight).isEqualTo(20);
        });
    }

    private void awaitCreateAttempts(long n) {
        await().atMost(20, TimeUnit.SECONDS).until(() -> cluster.api().requests().count("POST", RS_CREATE) >= n);
    }

    private java.util.List<Event> warnings(String reason) {
        return cluster.events("kulta-demo").stream()
                .filter(e -> "Warning".equals(e.getType()) && reason.equals(e.getReason())).toList();
    }
}
