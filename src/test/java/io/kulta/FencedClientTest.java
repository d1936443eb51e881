package io.kulta;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.ha.Leadership;
import io.kulta.ha.WriteFence;
import io.kulta.playground.MockKubernetes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The controller's client (as KultaApp builds it) refuses every write while this instance does not lead — on this side
 * of the network, so none reaches the API server — and always reads; it names the instance in its User-Agent.
 */
class FencedClientTest {
    MockKubernetes api = new MockKubernetes();
    Leadership leadership = new Leadership();
    MeterRegistry meters = new SimpleMeterRegistry();
    KubernetesClient client = KultaApp.fenced(api.newClient("fence").getConfiguration(), leadership, "kulta-7", meters);

    @AfterEach
    void close() {
        client.close();
        api.close();
    }

    @Test
    void aFollowerReadsButNoneOfItsWritesLeaves() {
        api.requests().reset();
        assertThat(client.configMaps().list().getItems()).isEmpty();
        assertThatThrownBy(() -> client.configMaps().resource(configMap()).create())
                .isInstanceOf(WriteFence.NotLeaderException.class).hasMessageContaining("not the leader: POST");

        assertThat(api.requests().entries()).extracting(e -> e.method() + " " + e.userAgent())
                .containsExactly("GET kulta/kulta-7");
        assertThat(meters.find("kulta.api.requests").counters()).as("kulta_api_requests_total: what was sent")
                .extracting(c -> c.getId().getTag("verb") + " " + c.getId().getTag("code") + " " + c.count())
                .containsExactly("get 200 1.0");
    }

    @Test
    void aLeaderWritesUntilItLosesTheLease() {
        leadership.set(true);
        client.configMaps().resource(configMap()).create();
        assertThat(client.configMaps().withName("x").get()).isNotNull();

        leadership.set(false);
        assertThatThrownBy(() -> client.configMaps().withName("x").delete()).isInstanceOf(WriteFence.NotLeaderException.class);
        assertThat(client.configMaps().withName("x").get()).isNotNull();
    }

    private static io.fabric8.kubernetes.api.model.ConfigMap configMap() {
        return new ConfigMapBuilder().withNewMetadata().withName("x").endMetadata().addToData("k", "v").build();
    }
}
