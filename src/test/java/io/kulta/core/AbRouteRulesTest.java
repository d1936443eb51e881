package io.kulta.core;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.kulta.model.AbTestingStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure editing of an HTTPRoute's A/B rules (SPEC §3 "A/B testing"): only the controller's own rules move. */
class AbRouteRulesTest {
    static final HTTPRoute USER_ROUTE = new HTTPRouteBuilder()
            .withNewMetadata().withName("shop-route").endMetadata()
            .withNewSpec()
                .addNewRule().addNewMatch().withNewPath().withType("PathPrefix").withValue("/api").endPath().endMatch()
                    .addNewBackendRef().withName("shop-a").withPort(8080).endBackendRef().endRule()
                .addNewRule().addNewBackendRef().withName("static").withPort(80).endBackendRef().endRule()
            .endSpec().build();

    @Test
    void theHeaderAndCookieRulesGoAheadOfTheUsersRulesWithThePortOfVariantA() {
        HTTPRoute route = edited(USER_ROUTE, desired(true, null));

        List<HTTPRouteRule> rules = route.getSpec().getRules();
        assertThat(rules).hasSize(4);
        assertThat(rules.get(0).getMatches().get(0).getHeaders().get(0)).satisfies(h -> {
            assertThat(h.getName()).isEqualTo("X-Variant");
            assertThat(h.getType()).isEqualTo("Exact");
            assertThat(h.getValue()).isEqualTo("b");
        });
        assertThat(rules.get(1).getMatches().get(0).getHeaders().get(0).getName()).isEqualTo("Cookie");
        for (HTTPRouteRule ours : rules.subList(0, 2)) {
            assertThat(ours.getBackendRefs()).hasSize(1);
            assertThat(ours.getBackendRefs().get(0).getName()).isEqualTo("shop-b");
            assertThat(ours.getBackendRefs().get(0).getPort()).isEqualTo(8080);
            assertThat(ours.getBackendRefs().get(0).getWeight()).isEqualTo(100);
        }
        assertThat(rules.subList(2, 4)).isEqualTo(USER_ROUTE.getSpec().getRules());
        assertThat(route.getMetadata().getAnnotations()).containsKey(AbRouteRules.MANAGED_RULES);
    }

    @Test
    void aRouteThatAlreadyHasTheRulesNeedsNoEdit() {
        HTTPRoute route = edited(USER_ROUTE, desired(true, null));
        assertThat(AbRouteRules.edit(route, desired(true, null))).isEmpty();
    }

    @Test
    void removingTheRulesRestoresTheUsersRouteExactly() {
        HTTPRoute route = edited(edited(USER_ROUTE, desired(true, null)), desired(false, null));

        assertThat(route.getSpec().getRules()).isEqualTo(USER_ROUTE.getSpec().getRules());
        assertThat(route.getMetadata().getAnnotations()).doesNotContainKey(AbRouteRules.MANAGED_RULES);
        assertThat(AbRouteRules.edit(route, desired(false, null))).isEmpty();
    }

    @Test
    void aUserRuleWithTheSameMatchesIsNeverTakenForTheControllers() {
        HTTPRoute withOurs = edited(USER_ROUTE, desired(true, null));
        HTTPRouteRule userCopy = new io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder(withOurs.getSpec().getRules().get(0))
                .withBackendRefs(USER_ROUTE.getSpec().getRules().get(0).getBackendRefs()).build();
        withOurs.getSpec().getRules().add(userCopy);   // the user adds a rule matching the same header, at the end

        HTTPRoute removed = edited(withOurs, desired(false, null));

        assertThat(removed.getSpec().getRules()).hasSize(3).endsWith(userCopy);
    }

    @Test
    void rulesTheUserMovedAreFoundAndPutBackInFront() {
        HTTPRoute route = edited(USER_ROUTE, desired(true, null));
        List<HTTPRouteRule> rules = new java.util.ArrayList<>(route.getSpec().getRules());
        rules.add(rules.remove(0));   // our header rule now last
        route.getSpec().setRules(rules);

        HTTPRoute fixed = edited(route, desired(true, null));

        assertThat(fixed.getSpec().getRules()).hasSize(4);
        assertThat(fixed.getSpec().getRules().get(0).getMatches().get(0).getHeaders().get(0).getName()).isEqualTo("X-Variant");
        assertThat(fixed.getSpec().getRules().subList(2, 4)).isEqualTo(USER_ROUTE.getSpec().getRules());
    }

    @Test
    void thePortIsTheStrategysThenVariantAsOnTheRouteThen80() {
        assertThat(edited(USER_ROUTE, desired(true, 9090)).getSpec().getRules().get(0).getBackendRefs().get(0).getPort()).isEqualTo(9090);
        HTTPRoute noA = new HTTPRouteBuilder(USER_ROUTE).editSpec().removeFromRules(USER_ROUTE.getSpec().getRules().get(0)).endSpec().build();
        assertThat(edited(noA, desired(true, null)).getSpec().getRules().get(0).getBackendRefs().get(0).getPort()).isEqualTo(80);
    }

    @Test
    void theCookieRuleMatchesTheCookieAmongOthersAndNothingElse() {
        Pattern p = Pattern.compile(AbRoute.cookiePattern("variant", "b.1"));
        assertThat(p.matcher("variant=b.1").find()).isTrue();
        assertThat(p.matcher("session=x; variant=b.1; theme=dark").find()).isTrue();
        assertThat(p.matcher("myvariant=b.1").find()).isFalse();
        assertThat(p.matcher("variant=bx1").find()).as("the dot is literal").isFalse();
        assertThat(p.matcher("variant=b.12").find()).isFalse();
    }

    private static AbRoute desired(boolean present, Integer port) {
        AbTestingStrategy a = Rollouts.abTesting("shop").build().getSpec().strategy.abTesting;
        a.port = port;
        return AbRoute.of(a, present);
    }

    private static HTTPRoute edited(HTTPRoute original, AbRoute desired) {
        HTTPRoute route = new HTTPRouteBuilder(original).build();
        AbRouteRules.edit(route, desired).ifPresent(edit -> {
            route.getSpec().setRules(AbRouteRules.applied(route.getSpec().getRules(), edit));
            Map<String, String> annotations = new java.util.LinkedHashMap<>(
                    route.getMetadata().getAnnotations() == null ? Map.of() : route.getMetadata().getAnnotations());
            if (edit.annotation() == null) annotations.remove(AbRouteRules.MANAGED_RULES);
            else annotations.put(AbRouteRules.MANAGED_RULES, edit.annotation());
            route.getMetadata().setAnnotations(annotations);
        });
        return route;
    }
}
