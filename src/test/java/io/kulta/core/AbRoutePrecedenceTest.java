package io.kulta.core;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.kulta.playground.GatewayRequest;
import io.kulta.playground.GatewayRequestMatcher;
import io.kulta.playground.GatewayRequestMatcher.MatchedRule;
import org.junit.jupiter.api.Test;

import static io.kulta.core.AbRouteRulesTest.THREE_RULES;
import static io.kulta.core.AbRouteRulesTest.desired;
import static io.kulta.core.AbRouteRulesTest.edited;
import static io.kulta.playground.GatewayRequest.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a gateway sends requests once the A/B rules are in (SPEC §3 "A/B testing", amended 2026-12-01), by Gateway API
 * precedence: a variant request reaches B on every path A serves, through that path's filters; everything else follows
 * the user's rules. The route: /api (with a header filter) → A, /static → static, / → A.
 */
class AbRoutePrecedenceTest {
    final HTTPRoute route = edited(THREE_RULES, desired(true, null));
    final HTTPRoute userApiRule = new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder(THREE_RULES).build();

    @Test
    void aVariantRequestOnALongerPathReachesBThroughThatPathsFilters() {
        MatchedRule hit = winner(get("/api/x").header("X-Variant", "b"));

        assertThat(hit.services()).containsExactly("shop-b");
        assertThat(hit.rule().getFilters()).isEqualTo(userApiRule.getSpec().getRules().get(0).getFilters()).isNotEmpty();
    }

    @Test
    void aRequestWithoutTheVariantStaysOnA() {
        assertThat(winner(get("/api/x")).services()).containsExactly("shop-a");
        assertThat(winner(get("/")).services()).containsExactly("shop-a");
        assertThat(winner(get("/").header("X-Variant", "a")).services()).containsExactly("shop-a");
    }

    @Test
    void aPathThatDoesNotGoToAIsNotTakenOverByTheVariant() {
        assertThat(winner(get("/static")).services()).containsExactly("static");
        assertThat(winner(get("/static/app.js").header("X-Variant", "b")).services()).containsExactly("static");
        assertThat(winner(get("/static").header("Cookie", "variant=b")).services()).containsExactly("static");
    }

    @Test
    void theCookieSendsToBOnEveryPathOfA() {
        assertThat(winner(get("/").header("Cookie", "session=1; variant=b")).services()).containsExactly("shop-b");
        MatchedRule api = winner(get("/api/orders").header("cookie", "variant=b"));
        assertThat(api.services()).containsExactly("shop-b");
        assertThat(api.rule().getFilters()).isNotEmpty();
        assertThat(winner(get("/").header("Cookie", "variant=bb")).services()).containsExactly("shop-a");
    }

    @Test
    void duringATakeoverEveryRequestForAReachesBThroughItsRulesFiltersAndNoneReachesA() {
        HTTPRoute taken = edited(THREE_RULES, AbRouteRulesTest.takeover());
        for (GatewayRequest r : java.util.List.of(get("/"), get("/api/x"), get("/api/x").header("X-Variant", "a"), get("/cart").method("POST")))
            assertThat(GatewayRequestMatcher.route(taken, r).orElseThrow().services()).as(r.toString()).containsExactly("shop-b");
        MatchedRule api = GatewayRequestMatcher.route(taken, get("/api/orders")).orElseThrow();
        assertThat(api.rule().getFilters()).isEqualTo(userApiRule.getSpec().getRules().get(0).getFilters());
        assertThat(GatewayRequestMatcher.route(taken, get("/static/app.js")).orElseThrow().services()).containsExactly("static");
    }

    private MatchedRule winner(GatewayRequest request) {
        return GatewayRequestMatcher.route(route, request).orElseThrow(() -> new AssertionError("no rule for " + request));
    }
}
