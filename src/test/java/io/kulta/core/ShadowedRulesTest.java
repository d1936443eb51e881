package io.kulta.core;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.kulta.testing.gateway.UnreachableRules;
import org.junit.jupiter.api.Test;

import static io.kulta.core.AbRouteRulesTest.prefix;
import static io.kulta.core.AbRouteRulesTest.route;
import static io.kulta.core.AbRouteRulesTest.rule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule whose every match an earlier rule also has takes no request: its backendRefs carry no weight. Checked against
 * the tests' own probe of Gateway API precedence, which must agree.
 */
class ShadowedRulesTest {

    @Test
    void anEarlierRuleWithTheSameMatchesAsTheServerDefaultsThemTakesAllOfALatersRequests() {
        HTTPRoute r = route(
                rule(new HTTPRouteMatchBuilder().withNewPath().withValue("/api").endPath().addNewHeader().withName("X-Env").withValue("x").endHeader().build())
                        .addNewBackendRef().withName("b").endBackendRef().build(),
                rule(new HTTPRouteMatchBuilder(prefix("/api")).addNewHeader().withName("x-env").withType("Exact").withValue("x").endHeader().build())
                        .addNewBackendRef().withName("a").endBackendRef().build(),
                new HTTPRouteRuleBuilder().addNewBackendRef().withName("b").endBackendRef().build(),
                rule(prefix("/")).addNewBackendRef().withName("a").endBackendRef().build());

        assertThat(ShadowedRules.of(r.getSpec().getRules())).containsExactly(false, true, false, true);
        assertThat(UnreachableRules.of(r)).containsExactly(false, true, false, true);
    }

    @Test
    void aRuleWithOneMatchOfItsOwnStillTakesRequests() {
        HTTPRoute r = route(
                rule(prefix("/api")).addNewBackendRef().withName("b").endBackendRef().build(),
                rule(prefix("/api"), prefix("/shop")).addNewBackendRef().withName("a").endBackendRef().build(),
                rule(new HTTPRouteMatchBuilder(prefix("/api")).withMethod("GET").build()).addNewBackendRef().withName("a").endBackendRef().build(),
                rule(new HTTPRouteMatchBuilder().withNewPath().withType("Exact").withValue("/api").endPath().build())
                        .addNewBackendRef().withName("a").endBackendRef().build());

        assertThat(ShadowedRules.of(r.getSpec().getRules())).containsExactly(false, false, false, false);
        assertThat(UnreachableRules.of(r)).containsExactly(false, false, false, false);
    }
}
