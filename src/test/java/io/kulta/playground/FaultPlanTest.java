package io.kulta.playground;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kulta.playground.FaultPlan.Decision;
import io.kulta.playground.FaultPlan.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FaultPlanTest {
    static final String AGENT = "kulta/faulted";

    MockKubernetes kube = new MockKubernetes();
    List<KubernetesClient> clients = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(KubernetesClient::close);
        kube.close();
    }

    @Test
    void theFaultOfARequestDependsOnlyOnTheSeedAndTheRequestNumber() {
        FaultPlan plan = FaultPlan.seeded(42, 0.2, AGENT);
        List<Fault> all = List.of(Fault.values());
        List<Optional<Decision>> first = LongStream.rangeClosed(1, 2000).mapToObj(n -> plan.decide(n, all)).toList();
        List<Optional<Decision>> again = LongStream.rangeClosed(1, 2000).mapToObj(n -> FaultPlan.seeded(42, 0.2, AGENT).decide(n, all)).toList();
        List<Optional<Decision>> otherSeed = LongStream.rangeClosed(1, 2000).mapToObj(n -> FaultPlan.seeded(43, 0.2, AGENT).decide(n, all)).toList();

        assertThat(again).isEqualTo(first);
        assertThat(otherSeed.stream().map(d -> d.map(Decision::fault))).isNotEqualTo(first.stream().map(d -> d.map(Decision::fault)));
        long faulted = first.stream().filter(Optional::isPresent).count();
        assertThat(faulted).as("about 20 %% of 2000").isBetween(340L, 460L);
        assertThat(first.stream().flatMap(Optional::stream).map(Decision::fault)).as("every kind is drawn").containsAll(all);
    }

    @Test
    void aConflictIsOnlyForUpdatesAndAGoneOnlyForAWatchFromAVersion() {
        FaultPlan plan = FaultPlan.seeded(1, 1, AGENT);
        assertThat(plan.candidates("GET", "")).doesNotContain(Fault.CONFLICT, Fault.WATCH_CLOSED, Fault.REWATCH_GONE);
        assertThat(plan.candidates("POST", "")).doesNotContain(Fault.CONFLICT);
        assertThat(plan.candidates("PATCH", "")).contains(Fault.CONFLICT);
        assertThat(plan.candidates("GET", "allowWatchBookmarks=true&watch=true"))
                .containsExactly(Fault.WATCH_CLOSED);
        assertThat(plan.candidates("GET", "allowWatchBookmarks=true&resourceVersion=17&watch=true"))
                .containsExactly(Fault.WATCH_CLOSED, Fault.REWATCH_GONE);
    }

    @Test
    void theLogLineNamesTheSeedTheRequestNumberAndTheRequest() {
        Decision d = FaultPlan.seeded(7, 1, AGENT).only(Set.of(Fault.SLOW_REPLY)).slowReply(Duration.ofMillis(1500))
                .decide("GET", "/api/v1/namespaces/default/configmaps", "", AGENT).orElseThrow();
        assertThat(d.logLine("GET", "/api/v1/namespaces/default/configmaps"))
                .isEqualTo("fault seed=7 request=1 SLOW_REPLY after 1500 ms: GET /api/v1/namespaces/default/configmaps");
    }

    @Test
    void onlyThePickedClientIsFaulted() {
        kube.injectFaults(FaultPlan.seeded(3, 1, AGENT).only(Set.of(Fault.UNAVAILABLE)));
        assertThat(kube.client().configMaps().list().getItems()).isEmpty();
        assertThatThrownBy(() -> faulted(0).configMaps().list()).isInstanceOf(KubernetesClientException.class);
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"CONFLICT", "TOO_MANY_REQUESTS", "INTERNAL_ERROR", "UNAVAILABLE"})
    void anErrorAnswerCarriesItsStatusAndWhatReproducesItAndIsNotApplied(Fault fault) {
        kube.client().configMaps().resource(settings("1")).create();
        kube.injectFaults(FaultPlan.seeded(11, 1, AGENT).only(EnumSet.of(fault)));

        assertThatThrownBy(() -> faulted(0).configMaps().withName("settings").edit(cm -> settings("2")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(fault.status);
                    assertThat(e.getMessage()).contains("injected fault: seed=11 request=");
                });
        assertThat(kube.client().configMaps().withName("settings").get().getData()).containsEntry("v", "1");
    }

    @Test
    void aSlowReplyOutlastsTheClientsTimeoutYetTheWriteIsApplied() {
        kube.injectFaults(FaultPlan.seeded(5, 1, AGENT).only(Set.of(Fault.SLOW_REPLY)).slowReply(Duration.ofMillis(1500)));
        KubernetesClient client = faulted(500);
        assertThatThrownBy(() -> client.configMaps().resource(settings("1")).create()).isInstanceOf(KubernetesClientException.class);
        assertThat(kube.client().configMaps().withName("settings").get()).isNotNull();
    }

    @Test
    void aDroppedConnectionLosesTheReplyYetTheWriteIsApplied() {
        kube.injectFaults(FaultPlan.seeded(5, 1, AGENT).only(Set.of(Fault.DROPPED_CONNECTION)));
        assertThatThrownBy(() -> faulted(0).configMaps().resource(settings("1")).create()).isInstanceOf(KubernetesClientException.class);
        assertThat(kube.client().configMaps().withName("settings").get()).isNotNull();
    }

    @Test
    void aClosedWatchIsReopenedByTheClient() {
        kube.injectFaults(FaultPlan.seeded(9, 1, AGENT).only(Set.of(Fault.WATCH_CLOSED)).watchLifetime(Duration.ofMillis(500)));
        try (var watch = faulted(0).configMaps().watch(new NoOpWatcher())) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> watches() >= 3);
        }
    }

    @Test
    void aClientsWatchFromAVersionAfterAClosedOneIsAnswered410ForTheMockCannotReplayWhatItMissed() {
        FaultPlan plan = FaultPlan.seeded(9, 1, AGENT).only(Set.of(Fault.WATCH_CLOSED));
        String path = "/api/v1/namespaces/default/configmaps";
        assertThat(plan.decide("GET", path, "watch=true", AGENT).map(Decision::fault)).contains(Fault.WATCH_CLOSED);
        assertThat(plan.decide("GET", path, "resourceVersion=12&watch=true", AGENT).map(Decision::fault)).contains(Fault.REWATCH_GONE);
        assertThat(plan.decide("GET", path, "watch=true", AGENT).map(Decision::fault)).as("a watch without a version: closed again")
                .contains(Fault.WATCH_CLOSED);
    }

    @Test
    void aWatchFromAVersionAnswered410IsGoneForTheClient() throws Exception {
        ConfigMap created = kube.client().configMaps().resource(settings("1")).create();
        kube.injectFaults(FaultPlan.seeded(9, 1, AGENT).only(Set.of(Fault.REWATCH_GONE)));
        CompletableFuture<WatcherException> closed = new CompletableFuture<>();
        try (var watch = faulted(0).configMaps().withResourceVersion(created.getMetadata().getResourceVersion()).watch(new NoOpWatcher() {
            @Override
            public void onClose(WatcherException cause) {
                closed.complete(cause);
            }
        })) {
            assertThat(closed.get(10, TimeUnit.SECONDS).isHttpGone()).isTrue();
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).isEqualTo(410);   // the client may also refuse to open it at all
        }
    }

    private long watches() {
        return kube.requests().entries().stream().filter(e -> e.query().contains("watch=true")).count();
    }

    private KubernetesClient faulted(int requestTimeoutMillis) {
        var config = new ConfigBuilder(kube.newClient("default", 0).getConfiguration()).withUserAgent(AGENT);
        if (requestTimeoutMillis > 0) config.withRequestTimeout(requestTimeoutMillis);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config.build()).build();
        clients.add(client);
        return client;
    }

    private static ConfigMap settings(String v) {
        return new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata().addToData("v", v).build();
    }

    private static class NoOpWatcher implements Watcher<ConfigMap> {
        @Override
        public void eventReceived(Action action, ConfigMap resource) {
        }

        @Override
        public void onClose(WatcherException cause) {
        }
    }
}
