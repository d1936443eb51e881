package io.kulta.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kulta.playground.FaultPlan;
import io.kulta.playground.MockKubernetes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An informer replaced because it did not watch (every watch from a resourceVersion answered 410 Gone, on the CRUD
 * mock): readers keep what it had and it stays synced while its successor's list fails, and the handlers then hear of
 * what changed meanwhile as a watch would have told them, not of every object again.
 */
class RestartableInformerTest {
    static final String NS = "restart";
    static final Duration LIMIT = Duration.ofSeconds(5);

    final MockKubernetes api = new MockKubernetes();
    final KubernetesClient informerClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(api.newClient(NS).getConfiguration())
            .withUserAgent("restart-test/1").build()).build();
    final List<String> heard = new CopyOnWriteArrayList<>();
    RestartableInformer<ConfigMap> informer;

    @AfterEach
    void stop() {
        if (informer != null) informer.close();
        informerClient.close();
        api.close();
    }

    @Test
    void aRestartedInformerKeepsItsContentsAndStaysSyncedUntilItsSuccessorListsThenTellsOnlyWhatChanged() {
        api.client().configMaps().inNamespace(NS).resource(configMap("a", "1")).create();
        api.client().configMaps().inNamespace(NS).resource(configMap("b", "1")).create();
        api.injectFaults(FaultPlan.seeded(1, 1.0, "restart-test/").only(EnumSet.of(FaultPlan.Fault.REWATCH_GONE)));
        informer = new RestartableInformer<>("ConfigMap", () -> informerClient.configMaps().inNamespace(NS).runnableInformer(0));
        informer.addEventHandler(recorder());
        long start = System.nanoTime();
        informer.start(LIMIT, start);
        await().atMost(10, TimeUnit.SECONDS).until(informer::hasSynced);
        assertThat(heard).containsExactlyInAnyOrder("add a=1", "add b=1");
        assertThat(informer.restartIfNotWatching(start + LIMIT.toNanos())).as("not longer than the limit yet").isEmpty();

        api.failNext("GET", ".*/configmaps", 500, 1_000_000);   // the successor cannot list (nor watch)
        assertThat(informer.restartIfNotWatching(start + LIMIT.toNanos() + 1)).as("restarted").isPresent();
        assertThat(informer.hasSynced()).as("synced: it serves its predecessor's full list").isTrue();
        assertThat(informer.store().list()).extracting(cm -> cm.getMetadata().getName()).containsExactlyInAnyOrder("a", "b");

        api.client().configMaps().inNamespace(NS).withName("a").edit(cm -> {
            cm.setData(Map.of("v", "2"));
            return cm;
        });
        api.client().configMaps().inNamespace(NS).withName("b").delete();
        api.clearFailures();
        await().atMost(15, TimeUnit.SECONDS).untilAsserted(() -> assertThat(heard).contains("update a=2", "delete b"));
        assertThat(heard).containsExactlyInAnyOrder("add a=1", "add b=1", "update a=2", "delete b");
        assertThat(informer.store().getByKey(NS + "/a").getData()).containsEntry("v", "2");
    }

    @Test
    void itsCacheKeepsNoManagedFieldsFromTheListNorFromTheWatch() {
        ConfigMap managed = configMap("a", "1");
        managed.getMetadata().setManagedFields(List.of(new io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder()
                .withManager("kubectl").withOperation("Update").withApiVersion("v1").build()));
        api.client().configMaps().inNamespace(NS).resource(managed).create();
        assertThat(api.client().configMaps().inNamespace(NS).withName("a").get().getMetadata().getManagedFields())
                .as("the API server holds them").hasSize(1);
        informer = new RestartableInformer<>("ConfigMap", () -> informerClient.configMaps().inNamespace(NS).runnableInformer(0));
        informer.start(LIMIT, System.nanoTime());
        await().atMost(10, TimeUnit.SECONDS).until(informer::hasSynced);
        assertThat(informer.store().getByKey(NS + "/a").getMetadata().getManagedFields()).as("listed").isNullOrEmpty();

        api.client().configMaps().inNamespace(NS).withName("a").edit(cm -> {
            cm.setData(Map.of("v", "2"));
            return cm;
        });
        await().atMost(10, TimeUnit.SECONDS).until(() -> "2".equals(informer.store().getByKey(NS + "/a").getData().get("v")));
        assertThat(informer.store().getByKey(NS + "/a").getMetadata().getManagedFields()).as("watched").isNullOrEmpty();
    }

    @Test
    void aWatchingInformerIsNotRestarted() {
        informer = new RestartableInformer<>("ConfigMap", () -> informerClient.configMaps().inNamespace(NS).runnableInformer(0));
        long start = System.nanoTime();
        informer.start(LIMIT, start);
        await().atMost(10, TimeUnit.SECONDS).until(informer::hasSynced);
        await().atMost(10, TimeUnit.SECONDS).until(informer::watching);
        assertThat(informer.restartIfNotWatching(start + LIMIT.multipliedBy(10).toNanos())).as("watching, long after").isEmpty();
    }

    private ResourceEventHandler<ConfigMap> recorder() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                heard.add("add " + cm.getMetadata().getName() + "=" + cm.getData().get("v"));
            }

            @Override
            public void onUpdate(ConfigMap oldCm, ConfigMap cm) {
                heard.add("update " + cm.getMetadata().getName() + "=" + cm.getData().get("v"));
            }

            @Override
            public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
                heard.add("delete " + cm.getMetadata().getName());
            }
        };
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withData(Map.of("v", value)).build();
    }
}
