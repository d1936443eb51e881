package io.kulta.kube;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery asked of a real HTTP server that answers what the test tells it to, request by request. */
class ServedKindsTest {
    private static final String GATEWAY_V1 = "/apis/gateway.networking.k8s.io/v1";

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init();
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.url("/"))
                .withRequestRetryBackoffLimit(0).build();   // fabric8 must not retry by itself: the test counts requests
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void asksAgainThroughTooManyRequestsAndServerErrorsUntilDiscoveryAnswers() {
        server.expect().get().withPath(GATEWAY_V1).andReturn(429, "slow down").once();
        server.expect().get().withPath(GATEWAY_V1).andReturn(503, "unavailable").once();
        server.expect().get().withPath(GATEWAY_V1).andReturn(200, servedKinds("HTTPRoute", "Gateway")).once();

        assertThat(new ServedKinds(client, Duration.ofSeconds(30)).serves(HTTPRoute.class)).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aGroupVersionNotFoundOrWithoutTheKindIsNotServed() {
        server.expect().get().withPath(GATEWAY_V1).andReturn(404, "not found").once();
        server.expect().get().withPath(GATEWAY_V1).andReturn(200, servedKinds("Gateway")).once();
        ServedKinds served = new ServedKinds(client, Duration.ofSeconds(30));

        assertThat(served.serves(HTTPRoute.class)).isFalse();
        assertThat(served.serves(HTTPRoute.class)).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aRefusalFailsAtOnceNamingTheKind() {
        server.expect().get().withPath(GATEWAY_V1).andReturn(403, "forbidden").always();

        assertThatThrownBy(() -> new ServedKinds(client, Duration.ofSeconds(30)).serves(HTTPRoute.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTPRoute (gateway.networking.k8s.io/v1) was refused: HTTP 403");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void givesUpAfterItsPatienceWithTheLastAnswer() {
        server.expect().get().withPath(GATEWAY_V1).andReturn(500, "etcd is down").always();

        assertThatThrownBy(() -> new ServedKinds(client, Duration.ofSeconds(1)).serves(HTTPRoute.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not say whether it serves HTTPRoute (gateway.networking.k8s.io/v1) in 1 s")
                .hasMessageContaining("last answer: HTTP 500");
        assertThat(server.getRequestCount()).isBetween(3, 6);   // 100 + 200 + 400 ms of waits fit in 1 s, 800 more do not
    }

    private static io.fabric8.kubernetes.api.model.APIResourceList servedKinds(String... kinds) {
        APIResourceListBuilder list = new APIResourceListBuilder().withGroupVersion("gateway.networking.k8s.io/v1");
        for (String kind : kinds) {
            list.addToResources(new APIResourceBuilder().withKind(kind).withName(kind.toLowerCase() + "s")
                    .withNamespaced(true).build());
        }
        return list.build();
    }
}
