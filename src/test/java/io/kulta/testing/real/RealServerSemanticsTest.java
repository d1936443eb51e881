package io.kulta.testing.real;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Where the real server differs from the CRUD mock (see io.kulta.testing's package doc), pinned down. */
class RealServerSemanticsTest {

    @RegisterExtension
    static RealKubernetes api = new RealKubernetes();

    private static KubernetesClient client;

    @BeforeAll
    static void namespace() {
        client = api.clientFor("admin", api.createNamespace("semantics"));
    }

    @Test
    void aStatusWriteWithAStaleResourceVersionIsAConflict() {
        ReplicaSet created = client.apps().replicaSets().resource(replicaSet("stale")).create();
        client.apps().replicaSets().withName("stale").edit(rs -> {
            rs.getMetadata().getLabels().put("edited", "yes");
            return rs;
        });

        created.getStatus().setReplicas(0);
        created.getStatus().setObservedGeneration(1L);
        assertThatThrownBy(() -> client.apps().replicaSets().resource(created).updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void aLeaseUpdateWithAStaleResourceVersionIsAConflict() {
        Lease created = client.leases().resource(new LeaseBuilder().withNewMetadata().withName("kulta-leader").endMetadata()
                .withNewSpec().withHolderIdentity("pod-a").withLeaseDurationSeconds(15).endSpec().build()).create();
        Lease renewed = new LeaseBuilder(created).editSpec().withRenewTime(ZonedDateTime.parse("2026-11-25T10:00:00Z")).endSpec().build();
        client.leases().resource(renewed).update();

        Lease takeover = new LeaseBuilder(created).editSpec().withHolderIdentity("pod-b").endSpec().build();
        assertThatThrownBy(() -> client.leases().resource(takeover).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.leases().withName("kulta-leader").get().getSpec().getHolderIdentity()).isEqualTo("pod-a");
    }

    @Test
    void aWatchFromAResourceVersionEtcdHasCompactedIsAnswered410Gone() throws Exception {
        String old = client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("churn-0").endMetadata().build())
                .create().getMetadata().getResourceVersion();
        for (int i = 1; i < 3; i++) {
            client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("churn-" + i).endMetadata().build()).create();
        }
        api.compactEtcd();
        CompletableFuture<WatcherException> closed = new CompletableFuture<>();
        try {
            client.configMaps().withResourceVersion(old).watch(new Watcher<ConfigMap>() {
                @Override
                public void eventReceived(Action action, ConfigMap resource) {
                }

                @Override
                public void onClose(WatcherException cause) {
                    closed.complete(cause);
                }
            });
            assertThat(closed.get(10, TimeUnit.SECONDS).isHttpGone()).isTrue();
        } catch (KubernetesClientException e) {
            assertThat(e.getCode()).isEqualTo(410);
        }
    }

    @Test
    void setBasedLabelSelectorsFilter() {
        for (String tier : new String[] {"web", "db", "cache"}) {
            client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + tier)
                    .addToLabels("tier", tier).endMetadata().build()).create();
        }

        assertThat(client.configMaps().withLabelIn("tier", "web", "db").list().getItems())
                .extracting(cm -> cm.getMetadata().getName()).containsExactlyInAnyOrder("cm-web", "cm-db");
        assertThat(client.configMaps().withLabelNotIn("tier", "web", "db").withLabel("tier").list().getItems())
                .extracting(cm -> cm.getMetadata().getName()).containsExactly("cm-cache");
    }

    @Test
    void strategicMergePatchIsServed() {
        client.apps().replicaSets().resource(replicaSet("smp")).create();

        client.apps().replicaSets().withName("smp").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"web:2\"}]}}}}");

        assertThat(client.apps().replicaSets().withName("smp").get().getSpec().getTemplate().getSpec().getContainers())
                .singleElement().satisfies(c -> assertThat(c.getImage()).isEqualTo("web:2"));
    }

    @Test
    void aDeletedNamespaceStaysTerminatingWithoutTheNamespaceController() {
        String doomed = api.createNamespace("doomed");
        api.adminClient().namespaces().withName(doomed).delete();

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
            Namespace ns = api.adminClient().namespaces().withName(doomed).get();
            return ns != null && "Terminating".equals(ns.getStatus().getPhase());
        });
    }

    private static ReplicaSet replicaSet(String name) {
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(name).addToLabels("app", name).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("web:1").endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
