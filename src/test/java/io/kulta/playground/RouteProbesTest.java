package io.kulta.playground;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's requests besides GET / come from the route's own matches, so each rule gets traffic. */
class RouteProbesTest {

    @Test
    void kultasCookieRuleGetsARequestCarryingTheCookieAmongOthers() {
        HTTPRoute route = route(new HTTPRouteRuleBuilder().withName("kulta-variant-b-cookie-0")
                .addNewMatch().withNewPath().withType("PathPrefix").withValue("/shop").endPath()
                .addNewHeader().withName("Cookie").withType("RegularExpression").withValue("(^|;\\s*)variant\\.x=b(;|$)").endHeader()
                .endMatch().addNewBackendRef().withName("shop-b").endBackendRef().build());

        assertThat(RouteProbes.of(route)).singleElement().satisfies(probe -> {
            assertThat(probe.path()).isEqualTo("/shop");
            assertThat(probe.headers()).containsEntry("Cookie", "session=1; variant.x=b");
            assertThat(GatewayRequestMatcher.route(route, probe)).hasValueSatisfying(rule -> assertThat(rule.index()).isZero());
        });
    }

    @Test
    void pathMethodHeaderAndQueryMatchesAreReproducedAndGetSlashIsLeftToThePlainRequests() {
        HTTPRoute route = route(new HTTPRouteRuleBuilder()
                .addNewMatch().withNewPath().withType("Exact").withValue("/api").endPath().withMethod("POST")
                .addNewHeader().withName("X-Variant").withValue("b").endHeader()
                .addNewQueryParam().withName("v").withValue("2").endQueryParam().endMatch()
                .addNewMatch().withNewPath().withType("PathPrefix").withValue("/").endPath().endMatch()
                .addNewMatch().withNewPath().withType("RegularExpression").withValue("/x.*").endPath().endMatch()
                .addNewBackendRef().withName("shop").endBackendRef().build());

        assertThat(RouteProbes.of(route)).containsExactly(GatewayRequest.get("/api").method("POST").header("X-Variant", "b").query("v", "2"));
    }

    private static HTTPRoute route(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule rule) {
        return new HTTPRouteBuilder().withNewMetadata().withName("shop-route").endMetadata().withNewSpec().withRules(rule).endSpec().build();
    }
}
