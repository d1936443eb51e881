package io.kulta.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.core.Annotations;
import io.kulta.model.Phase;
import io.kulta.scenario.KultaCluster;
import io.kulta.scenario.RunningController;
import io.kulta.scenario.ScenarioWaits;
import io.kulta.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's HTTP side against the controller on the mock API tier: the JSON the page draws, one unreadable
 * Rollout listed with its problem beside the others, live changes as server-sent events, the buttons acting through
 * the user's client — and every request that does not come from the dashboard's own page refused.
 */
class DashboardServerTest {
    static final String ROLLOUT = "kulta-demo";
    static final String USER_AGENT = "kulta-dashboard-test";
    final ObjectMapper json = new ObjectMapper();
    KultaCluster cluster;
    RunningController controller;
    KubernetesClient user;
    DashboardServer dashboard;
    DashboardHttp http;

    @BeforeEach
    void start() throws Exception {
        cluster = new KultaCluster("dashboard-api", false);
        controller = RunningController.start(cluster, new MutableClock(Instant.parse("2026-12-02T10:00:00Z")), Map.of());
        cluster.apply(Path.of("examples/canary.yaml"));
        ScenarioWaits.awaitStatus(cluster, ROLLOUT, s -> assertThat(s.phase).isEqualTo(Phase.Completed));
        try (KubernetesClient base = cluster.api().newClient(cluster.namespace())) {
            user = new KubernetesClientBuilder().withConfig(new ConfigBuilder(base.getConfiguration()).withUserAgent(USER_AGENT).build()).build();
        }
        dashboard = DashboardServer.start(user, cluster.namespace(), 0);
        http = new DashboardHttp(dashboard.url());
    }

    @AfterEach
    void stop() throws Exception {
        dashboard.close();
        user.close();
        controller.close();
        cluster.close();
    }

    @Test
    void theListAndARolloutAsThePageDrawsThem() throws Exception {
        await().atMost(10, TimeUnit.SECONDS).until(() -> json.readTree(http.get("/api/rollouts").body()).at("/rollouts/0/phase").asText(),
                "Completed"::equals);
        JsonNode row = json.readTree(http.get("/api/rollouts").body()).at("/rollouts/0");
        assertThat(row.get("name").asText()).isEqualTo(ROLLOUT);
        assertThat(row.get("strategy").asText()).isEqualTo("canary");
        assertThat(row.get("weight").asInt()).isEqualTo(100);

        JsonNode detail = json.readTree(http.get("/api/rollouts/" + cluster.namespace() + "/" + ROLLOUT).body());
        assertThat(detail.at("/route").asText()).isEqualTo("shop-route");
        assertThat(detail.at("/traffic/0/service").asText()).isEqualTo("shop-stable");
        assertThat(detail.at("/traffic/0/percent").asInt()).isEqualTo(100);
        assertThat(detail.at("/traffic/1/percent").asInt()).isZero();
        assertThat(detail.at("/revisions/0/desired").asInt()).isEqualTo(5);
        assertThat(detail.at("/revisions/0/role").asText()).isEqualTo("stable");
        assertThat(detail.at("/steps")).hasSize(3).allSatisfy(step -> assertThat(step.get("state").asText()).isEqualTo("done"));
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(json.readTree(
                http.get("/api/rollouts/" + cluster.namespace() + "/" + ROLLOUT).body()).at("/events/0/reason").asText()).isEqualTo("Completed"));
        assertThat(http.get("/api/rollouts/" + cluster.namespace() + "/nope").statusCode()).isEqualTo(404);
        assertThat(http.get("/").body()).contains("<script src=\"/dashboard.js\"");
        assertThat(http.get("/vendor/uPlot.iife.min.js").body()).as("uPlot from its WebJar").contains("uPlot");
    }

    @Test
    void anUnreadableRolloutIsListedWithItsProblemBesideTheOthers() throws Exception {
        GenericKubernetesResource broken = Serialization.unmarshal("""
                apiVersion: kulta.io/v1alpha1
                kind: Rollout
                metadata: {name: broken}
                spec: {replicas: three}
                """, GenericKubernetesResource.class);
        cluster.client().genericKubernetesResources("kulta.io/v1alpha1", "Rollout").inNamespace(cluster.namespace()).resource(broken).create();

        JsonNode rows = await().atMost(10, TimeUnit.SECONDS).until(() -> json.readTree(http.get("/api/rollouts").body()).get("rollouts"),
                r -> r.size() == 2);
        assertThat(rows.get(0).get("name").asText()).isEqualTo("broken");
        assertThat(rows.get(0).get("phase").asText()).isEqualTo("Unreadable");
        assertThat(rows.get(0).get("problem").asText()).startsWith("spec.replicas: ");
        assertThat(rows.get(1).get("name").asText()).isEqualTo(ROLLOUT);
    }

    @Test
    void aButtonSetsTheAnnotationWithTheUsersClientAndShowsTheApisAnswer() throws Exception {
        var promote = http.post("/api/rollouts/" + cluster.namespace() + "/" + ROLLOUT + "/promote-full", http.origin(), "application/json");
        assertThat(promote.statusCode()).as(promote.body()).isEqualTo(200);
        assertThat(json.readTree(promote.body()).get("message").asText()).isEqualTo("rollout kulta-demo promoted to completion (kulta.io/promote=full)");
        assertThat(cluster.api().requests().entries()).as("with the user's client").anySatisfy(e -> {
            assertThat(e.method()).isEqualTo("PATCH");
            assertThat(e.path()).endsWith("/rollouts/" + ROLLOUT);
            assertThat(e.userAgent()).isEqualTo(USER_AGENT);
        });

        var missing = http.post("/api/rollouts/" + cluster.namespace() + "/nope/abort", http.origin(), "application/json");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("message").asText()).contains("rollout nope not found in namespace " + cluster.namespace());
    }

    @Test
    void requestsFromAnywhereButTheDashboardsOwnPageAreRefused() throws Exception {
        String path = "/api/rollouts/" + cluster.namespace() + "/" + ROLLOUT + "/abort";
        assertThat(http.post(path, null, "application/json").statusCode()).as("no Origin").isEqualTo(403);
        assertThat(http.post(path, "http://evil.example", "application/json").statusCode()).as("another site").isEqualTo(403);
        assertThat(http.post(path, "http://127.0.0.1:1", "application/json").statusCode()).as("another port").isEqualTo(403);
        assertThat(http.post(path, http.origin(), "text/plain").statusCode()).as("a form, not JSON").isEqualTo(415);
        assertThat(http.post("/api/rollouts/" + cluster.namespace() + "/" + ROLLOUT + "/delete", http.origin(), "application/json").statusCode())
                .as("no such action").isEqualTo(404);
        assertThat(cluster.rollout(ROLLOUT).getMetadata().getAnnotations()).as("none of them reached the API").doesNotContainKey(Annotations.ABORT);

        assertThat(http.statusLineWithHost("/api/rollouts", "rebound.example:" + dashboard.url().getPort())).as("DNS rebinding").contains(" 403 ");
        assertThat(http.statusLineWithHost("/api/rollouts", "localhost:" + dashboard.url().getPort())).contains(" 200 ");
    }

    @Test
    void aChangeReachesTheOpenPageAsAServerSentEvent() throws Exception {
        HttpURLConnection stream = (HttpURLConnection) dashboard.url().resolve("/api/changes").toURL().openConnection();
        stream.setReadTimeout(20_000);
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.getInputStream(), StandardCharsets.UTF_8));
        assertThat(stream.getContentType()).startsWith("text/event-stream");
        while (!": connected".equals(lines.readLine())) {
            // the stream's preamble
        }
        CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = lines.readLine()) != null; ) if (line.startsWith("data: ")) return line;
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(500);
        assertThat(data).as("nothing is sent before anything changes").isNotDone();

        cluster.annotate(ROLLOUT, "example.com/touched", "yes");

        assertThat(data.get(10, TimeUnit.SECONDS)).isEqualTo("data: " + cluster.namespace() + "/" + ROLLOUT);
        stream.disconnect();
    }
}
