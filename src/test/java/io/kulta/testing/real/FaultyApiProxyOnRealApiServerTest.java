package io.kulta.testing.real;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.playground.FaultPlan;
import io.kulta.playground.FaultPlan.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fault proxy in front of the real API server: what a client sees of each fault, and of no fault. */
class FaultyApiProxyOnRealApiServerTest {
    private static final String AGENT = "faulty-proxy-test/1";
    private static final long SEED = 42;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(3);   // room for a loaded machine; a slow reply comes later still
    private static final Duration SLOW_REPLY = Duration.ofSeconds(6);

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    FaultyApiProxy proxy;
    KubernetesClient client;
    String namespace;

    @BeforeEach
    void start() {
        namespace = api.createNamespace("faultproxy");
        proxy = api.newFaultyProxy();
        try (KubernetesClient viaProxy = api.newClient("admin", namespace, proxy)) {
            // no retries: each call is one request, whose fault the test sees as is
            client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(viaProxy.getConfiguration()).withUserAgent(AGENT)
                    .withRequestRetryBackoffLimit(0).withRequestTimeout((int) CLIENT_TIMEOUT.toMillis()).build()).build();
        }
    }

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
    }

    @Test
    void withoutAPlanARequestPassesThroughAndIsRecorded() {
        client.configMaps().resource(configMap("plain")).create();
        assertThat(client.configMaps().withName("plain").get().getData()).containsEntry("step", "0");
        patchStep("plain", "1");

        assertThat(stored("plain")).containsEntry("step", "1");
        assertThat(proxy.requests()).filteredOn(r -> r.userAgent().equals(AGENT)).extracting(r -> r.method() + " " + r.path())
                .containsSubsequence("POST /api/v1/namespaces/" + namespace + "/configmaps",
                        "GET /api/v1/namespaces/" + namespace + "/configmaps/plain",
                        "PATCH /api/v1/namespaces/" + namespace + "/configmaps/plain");
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONFLICT", "TOO_MANY_REQUESTS", "INTERNAL_ERROR", "UNAVAILABLE"})
    void anErrorFaultIsAnsweredWithItsCodeAndAStatusNamingItAndIsNotApplied(Fault fault) throws Exception {
        api.adminClient().configMaps().inNamespace(namespace).resource(configMap("refused")).create();
        FaultPlan plan = plan(fault);

        // fabric8 reads the ConfigMap before it patches it: a 409 comes on the patch, the others on that read
        assertThatThrownBy(() -> patchStep("refused", "1"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(fault.status);
                    assertThat(e.getMessage()).containsPattern("injected fault: seed=42 request=\\d+ " + fault);
                });
        HttpResponse<String> raw = rawPatch("refused", "2", Duration.ofSeconds(5));
        JsonNode status = Serialization.unmarshal(raw.body(), JsonNode.class);

        assertThat(raw.statusCode()).isEqualTo(fault.status);
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("code").asInt()).isEqualTo(fault.status);
        assertThat(status.path("message").asText()).isEqualTo("injected fault: seed=42 request=" + plan.requests() + " " + fault);
        assertThat(raw.headers().firstValue("Retry-After")).isEqualTo(fault == Fault.TOO_MANY_REQUESTS
                ? java.util.Optional.of("1") : java.util.Optional.empty());
        assertThat(stored("refused")).as("not applied").containsEntry("step", "0");
        assertThat(plan.log()).hasSize(2).allMatch(line -> line.matches("fault seed=42 request=\\d+ " + fault
                + ": (GET|PATCH) /api/v1/namespaces/" + namespace + "/configmaps/refused"));
        assertThat(plan.log().get(1)).isEqualTo("fault seed=42 request=" + plan.requests() + " " + fault
                + ": PATCH /api/v1/namespaces/" + namespace + "/configmaps/refused");
    }

    @Test
    void aSlowReplyIsAppliedButComesAfterTheClientGaveUp() {
        api.adminClient().configMaps().inNamespace(namespace).resource(configMap("slow")).create();
        FaultPlan plan = plan(Fault.SLOW_REPLY);

        long started = System.nanoTime();
        assertThatThrownBy(() -> client.configMaps().withName("slow").get()).isInstanceOf(KubernetesClientException.class)
                .hasStackTraceContaining("imeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SLOW_REPLY);
        assertThatThrownBy(() -> rawPatch("slow", "1", CLIENT_TIMEOUT)).isInstanceOf(java.net.http.HttpTimeoutException.class);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stored("slow")).containsEntry("step", "1"));
        assertThat(plan.log()).containsExactly(
                "fault seed=42 request=1 SLOW_REPLY after 6000 ms: GET /api/v1/namespaces/" + namespace + "/configmaps/slow",
                "fault seed=42 request=2 SLOW_REPLY after 6000 ms: PATCH /api/v1/namespaces/" + namespace + "/configmaps/slow");
    }

    @Test
    void aDroppedConnectionIsAppliedButAnsweredWithNothing() {
        api.adminClient().configMaps().inNamespace(namespace).resource(configMap("dropped")).create();
        FaultPlan plan = plan(Fault.DROPPED_CONNECTION);

        assertThatThrownBy(() -> client.configMaps().withName("dropped").get()).isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("Connection was closed");   // not a timeout
        assertThatThrownBy(() -> rawPatch("dropped", "1", Duration.ofSeconds(5))).isInstanceOf(java.io.IOException.class)
                .isNotInstanceOf(java.net.http.HttpTimeoutException.class);

        assertThat(stored("dropped")).containsEntry("step", "1");
        assertThat(plan.log()).containsExactly(
                "fault seed=42 request=1 DROPPED_CONNECTION: GET /api/v1/namespaces/" + namespace + "/configmaps/dropped",
                "fault seed=42 request=2 DROPPED_CONNECTION: PATCH /api/v1/namespaces/" + namespace + "/configmaps/dropped");
    }

    @Test
    void aWatchThroughTheProxyDeliversEachEventWhenItHappens() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Watch watch = client.configMaps().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                seen.add(action + " " + cm.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            for (String name : List.of("first", "second", "third")) {
                api.adminClient().configMaps().inNamespace(namespace).resource(configMap(name)).create();
                await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("ADDED " + name));
            }
        }
        assertThat(seen).containsSubsequence("ADDED first", "ADDED second", "ADDED third");
    }

    @Test
    void aClosedWatchDeliversEventsUntilItsDelayThenEnds() throws Exception {
        FaultPlan plan = FaultPlan.seeded(SEED, 1.0, AGENT).only(EnumSet.of(Fault.WATCH_CLOSED)).watchLifetime(Duration.ofSeconds(6));   // seed 42: closed after 3865 ms
        proxy.injectFaults(plan);
        Map<String, Long> lines = new java.util.concurrent.ConcurrentHashMap<>();   // line → when it came, after the watch opened
        long opened = System.nanoTime();   // before the proxy schedules the close
        HttpResponse<InputStream> watch = rawClient().send(rawRequest("/api/v1/namespaces/" + namespace + "/configmaps?watch=true")
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<Duration> ended = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
                in.lines().forEach(line -> lines.put(line, System.nanoTime() - opened));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Duration.ofNanos(System.nanoTime() - opened);
        });

        api.adminClient().configMaps().inNamespace(namespace).resource(configMap("watched")).create();
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.keySet().stream().anyMatch(l -> l.contains("\"name\":\"watched\"")));
        Duration lifetime = ended.get(10, TimeUnit.SECONDS);
        Duration eventCame = lines.entrySet().stream().filter(e -> e.getKey().contains("\"name\":\"watched\""))
                .map(e -> Duration.ofNanos(e.getValue())).findFirst().orElseThrow();

        assertThat(plan.log()).singleElement().asString().matches(
                "fault seed=42 request=1 WATCH_CLOSED after \\d+ ms: GET /api/v1/namespaces/" + namespace + "/configmaps\\?watch=true");
        long delay = Long.parseLong(plan.log().get(0).replaceAll(".* after (\\d+) ms.*", "$1"));
        assertThat(lifetime).isBetween(Duration.ofMillis(delay), Duration.ofMillis(delay + 2000));
        assertThat(eventCame).as("the event came while the watch was open").isLessThan(Duration.ofMillis(delay));
        assertThat(watch.statusCode()).isEqualTo(200);
    }

    @Test
    void aRewatchFromAVersionIsGoneAsAfterACompaction() {
        String version = api.adminClient().configMaps().inNamespace(namespace).resource(configMap("old")).create()
                .getMetadata().getResourceVersion();
        FaultPlan plan = plan(Fault.REWATCH_GONE);
        CompletableFuture<WatcherException> closed = new CompletableFuture<>();

        try (Watch ignored = client.configMaps().watch(new ListOptionsBuilder().withResourceVersion(version).build(), new Watcher<ConfigMap>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
            }

            @Override
            public void onClose(WatcherException cause) {
                closed.complete(cause);
            }
        })) {
            await().atMost(Duration.ofSeconds(5)).until(closed::isDone);
        }
        assertThat(closed.join()).satisfies(e -> {
            assertThat(e.isHttpGone()).isTrue();
            assertThat(e.getMessage()).contains("injected fault: seed=42 request=1 REWATCH_GONE");
        });
        assertThat(plan.log()).singleElement().asString().matches("fault seed=42 request=1 REWATCH_GONE: GET /api/v1/namespaces/"
                + namespace + "/configmaps\\?.*resourceVersion=" + version + "&watch=true");
    }

    private FaultPlan plan(Fault only) {
        FaultPlan plan = FaultPlan.seeded(SEED, 1.0, AGENT).only(EnumSet.of(only)).slowReply(SLOW_REPLY);
        proxy.injectFaults(plan);
        return plan;
    }

    private void patchStep(String name, String step) {
        client.configMaps().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"step\":\"" + step + "\"}}");
    }

    /** One PATCH request, where fabric8 sends two (a read, then the patch). */
    private HttpResponse<String> rawPatch(String name, String step, Duration timeout) throws Exception {
        return rawClient().send(rawRequest("/api/v1/namespaces/" + namespace + "/configmaps/" + name).timeout(timeout)
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"data\":{\"step\":\"" + step + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder rawRequest(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(proxy.url() + pathAndQuery)).header("User-Agent", AGENT)
                .header("Authorization", "Bearer " + client.getConfiguration().getOauthToken());
    }

    private static HttpClient rawClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private Map<String, String> stored(String name) {
        return api.adminClient().configMaps().inNamespace(namespace).withName(name).get().getData();
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("step", "0").build();
    }
}
