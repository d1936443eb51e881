package io.kulta.core;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.kulta.model.AbTestingStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pure editing of an HTTPRoute's A/B rules (SPEC §3 "A/B testing", amended 2026-12-01): every user rule that sends
 * to variant A gets a header copy and a cookie copy in front that send to B; only the controller's own rules move.
 */
class AbRouteRulesTest {
    static final HTTPRoute USER_ROUTE = route(
            rule(prefix("/api")).addNewBackendRef().withName("shop-a").withPort(8080).endBackendRef().build(),
            new HTTPRouteRuleBuilder().addNewBackendRef().withName("static").withPort(80).endBackendRef().build());

    /** /api with a filter and a timeout, /static, and / — the first and last to A. */
    static final HTTPRoute THREE_RULES = route(
            rule(prefix("/api"))
                    .addNewFilter().withType("RequestHeaderModifier").withNewRequestHeaderModifier()
                        .addNewSet().withName("X-Api").withValue("1").endSet().endRequestHeaderModifier().endFilter()
                    .withNewTimeouts().withRequest("10s").endTimeouts()
                    .addNewBackendRef().withName("shop-a").withPort(8080).endBackendRef().build(),
            rule(prefix("/static")).addNewBackendRef().withName("static").withPort(80).endBackendRef().build(),
            rule(prefix("/")).addNewBackendRef().withName("shop-a").withPort(8080).endBackendRef().build());

    @Test
    void theHeaderAndCookieCopiesOfARuleOfAGoAheadOfTheUsersRulesWithThePortOfVariantA() {
        HTTPRoute route = edited(USER_ROUTE, desired(true, null));

        List<HTTPRouteRule> rules = route.getSpec().getRules();
        assertThat(rules).hasSize(4);
        assertThat(rules.get(0).getName()).isEqualTo("kulta-variant-b-0");
        assertThat(rules.get(0).getMatches()).singleElement().satisfies(m -> {
            assertThat(m.getPath().getValue()).isEqualTo("/api");
            assertThat(m.getHeaders()).singleElement().satisfies(h -> {
                assertThat(h.getName()).isEqualTo("X-Variant");
                assertThat(h.getType()).isEqualTo("Exact");
                assertThat(h.getValue()).isEqualTo("b");
            });
        });
        assertThat(rules.get(1).getName()).isEqualTo("kulta-variant-b-cookie-0");
        assertThat(rules.get(1).getMatches()).singleElement().satisfies(m -> {
            assertThat(m.getPath().getValue()).isEqualTo("/api");
            assertThat(m.getHeaders()).singleElement().satisfies(h -> {
                assertThat(h.getName()).isEqualTo("Cookie");
                assertThat(h.getType()).isEqualTo("RegularExpression");
                assertThat(h.getValue()).isEqualTo("(^|;\\s*)variant=b(;|$)");
            });
        });
        for (HTTPRouteRule ours : rules.subList(0, 2)) {
            assertThat(ours.getBackendRefs()).singleElement().satisfies(ref -> {
                assertThat(ref.getName()).isEqualTo("shop-b");
                assertThat(ref.getPort()).isEqualTo(8080);
                assertThat(ref.getWeight()).isEqualTo(100);
            });
        }
        assertThat(rules.subList(2, 4)).isEqualTo(USER_ROUTE.getSpec().getRules());
        assertThat(route.getMetadata().getAnnotations()).containsKey(AbRouteRules.MANAGED_RULES);
    }

    @Test
    void everyUserRuleToAGetsCopiesNamedByItsIndexAndOtherRulesNone() {
        List<HTTPRouteRule> rules = edited(THREE_RULES, desired(true, null)).getSpec().getRules();

        assertThat(rules).extracting(HTTPRouteRule::getName).containsExactly(
                "kulta-variant-b-0", "kulta-variant-b-cookie-0", "kulta-variant-b-2", "kulta-variant-b-cookie-2", null, null, null);
        assertThat(rules.get(2).getMatches().get(0).getPath().getValue()).isEqualTo("/");
        assertThat(rules.subList(4, 7)).as("the user's rules, untouched").isEqualTo(THREE_RULES.getSpec().getRules());
    }

    @Test
    void aCopyKeepsTheUsersFiltersAndTimeouts() {
        HTTPRouteRule user = THREE_RULES.getSpec().getRules().get(0);
        List<HTTPRouteRule> rules = edited(THREE_RULES, desired(true, null)).getSpec().getRules();

        for (HTTPRouteRule copy : rules.subList(0, 2)) {
            assertThat(copy.getFilters()).isEqualTo(user.getFilters()).isNotEmpty();
            assertThat(copy.getTimeouts()).isEqualTo(user.getTimeouts()).isNotNull();
        }
    }

    @Test
    void everyMatchOfARuleGetsTheVariantHeaderAndKeepsWhatItTests() {
        HTTPRouteMatch byQuery = new HTTPRouteMatchBuilder(prefix("/a")).addNewQueryParam().withName("q").withValue("1").endQueryParam()
                .addNewHeader().withName("X-Tenant").withValue("t").endHeader().build();
        HTTPRouteMatch byMethod = new HTTPRouteMatchBuilder(prefix("/b")).withMethod("POST").build();
        HTTPRoute twoMatches = route(rule(byQuery, byMethod).addNewBackendRef().withName("shop-a").endBackendRef().build());

        HTTPRouteRule copy = edited(twoMatches, desired(true, null)).getSpec().getRules().get(0);

        assertThat(copy.getMatches()).hasSize(2);
        assertThat(copy.getMatches().get(0).getQueryParams()).isEqualTo(byQuery.getQueryParams());
        assertThat(copy.getMatches().get(0).getHeaders()).extracting("name").containsExactly("X-Tenant", "X-Variant");
        assertThat(copy.getMatches().get(1).getMethod()).isEqualTo("POST");
        assertThat(copy.getMatches().get(1).getHeaders()).extracting("name").containsExactly("X-Variant");
        assertThat(copy.getBackendRefs().get(0).getPort()).as("no port anywhere: 80").isEqualTo(80);
    }

    @Test
    void aRuleWithoutMatchesIsCopiedWithTheImplicitPathPrefixSlash() {
        HTTPRoute noMatches = route(new HTTPRouteRuleBuilder().addNewBackendRef().withName("shop-a").withPort(80).endBackendRef().build());

        HTTPRouteRule copy = edited(noMatches, desired(true, null)).getSpec().getRules().get(0);

        assertThat(copy.getMatches()).singleElement().satisfies(m -> {
            assertThat(m.getPath().getType()).isEqualTo("PathPrefix");
            assertThat(m.getPath().getValue()).isEqualTo("/");
            assertThat(m.getHeaders()).extracting("name").containsExactly("X-Variant");
        });
    }

    @Test
    void aMatchThatAlreadyTestsTheVariantHeaderGetsNoCopy() {
        HTTPRouteMatch userTestsIt = new HTTPRouteMatchBuilder(prefix("/")).addNewHeader().withName("x-variant").withValue("a").endHeader().build();
        HTTPRoute route = route(rule(userTestsIt).addNewBackendRef().withName("shop-a").endBackendRef().build());

        List<HTTPRouteRule> rules = edited(route, desired(true, null)).getSpec().getRules();

        assertThat(rules).extracting(HTTPRouteRule::getName).containsExactly("kulta-variant-b-cookie-0", null);
    }

    @Test
    void aRouteThatAlreadyHasTheRulesNeedsNoEdit() {
        HTTPRoute route = edited(THREE_RULES, desired(true, null));
        assertThat(AbRouteRules.edit(route, desired(true, null))).isEmpty();
    }

    @Test
    void onACrdThatPrunesRuleNamesTheAnnotationFindsTheRules() {
        HTTPRoute pruned = edited(THREE_RULES, desired(true, null));
        pruned.getSpec().getRules().forEach(r -> r.setName(null));

        assertThat(AbRouteRules.edit(pruned, desired(true, null))).as("settled").isEmpty();
        assertThat(edited(pruned, desired(false, null)).getSpec()).isEqualTo(THREE_RULES.getSpec());
    }

    @Test
    void takeoverCopiesSendEveryRuleOfAToBWithItsMatchesAndFiltersAndGoWithoutATrace() {
        HTTPRoute taken = edited(THREE_RULES, takeover());

        List<HTTPRouteRule> rules = taken.getSpec().getRules();
        assertThat(rules).extracting(HTTPRouteRule::getName).containsExactly("kulta-takeover-0", "kulta-takeover-2", null, null, null);
        assertThat(rules.get(0).getMatches()).isEqualTo(THREE_RULES.getSpec().getRules().get(0).getMatches());
        assertThat(rules.get(0).getFilters()).isEqualTo(THREE_RULES.getSpec().getRules().get(0).getFilters());
        assertThat(rules.get(0).getBackendRefs()).singleElement().satisfies(ref -> {
            assertThat(ref.getName()).isEqualTo("shop-b");
            assertThat(ref.getPort()).isEqualTo(8080);
        });
        assertThat(rules.subList(2, 5)).isEqualTo(THREE_RULES.getSpec().getRules());
        assertThat(ShadowedRules.of(rules)).containsExactly(false, false, true, false, true);

        taken.getSpec().getRules().forEach(r -> r.setName(null));   // a CRD that prunes names: the annotation finds them
        assertThat(AbRouteRules.edit(taken, takeover())).as("settled").isEmpty();
        assertThat(edited(taken, desired(false, null)).getSpec()).isEqualTo(THREE_RULES.getSpec());
    }

    @Test
    void aTakeoverCopyKeepsTheRulesOtherBackendsAndEachWeight() {
        HTTPRoute split = route(rule(prefix("/")).addNewBackendRef().withName("shop-a").withPort(8080).withWeight(90).endBackendRef()
                .addNewBackendRef().withName("legacy").withPort(80).withWeight(10).endBackendRef().build());

        HTTPRouteRule copy = edited(split, takeover()).getSpec().getRules().get(0);

        assertThat(copy.getBackendRefs()).extracting(r -> r.getName() + ":" + r.getWeight()).containsExactly("shop-b:90", "legacy:10");
    }

    @Test
    void removingTheRulesRestoresTheUsersRouteExactly() {
        HTTPRoute route = edited(edited(THREE_RULES, desired(true, null)), desired(false, null));

        assertThat(route.getSpec()).isEqualTo(THREE_RULES.getSpec());
        assertThat(route.getMetadata().getAnnotations()).doesNotContainKey(AbRouteRules.MANAGED_RULES);
        assertThat(AbRouteRules.edit(route, desired(false, null))).isEmpty();
    }

    @Test
    void theSinglePathPrefixRulesOfThePreviousVersionAreReplacedByCopies() {
        HTTPRouteMatch oldHeader = new HTTPRouteMatchBuilder(prefix("/")).addNewHeader().withName("X-Variant").withType("Exact").withValue("b").endHeader().build();
        HTTPRoute old = new HTTPRouteBuilder(THREE_RULES).editMetadata()
                .addToAnnotations(AbRouteRules.MANAGED_RULES, "[[{\"headers\":[{\"name\":\"X-Variant\",\"type\":\"Exact\",\"value\":\"b\"}],\"path\":{\"type\":\"PathPrefix\",\"value\":\"/\"}}]]")
                .endMetadata().editSpec().addToRules(0, rule(oldHeader).addNewBackendRef().withName("shop-b").withPort(8080).withWeight(100).endBackendRef().build())
                .endSpec().build();

        HTTPRoute upgraded = edited(old, desired(true, null));

        assertThat(upgraded).isEqualTo(edited(THREE_RULES, desired(true, null)));
    }

    @Test
    void aUserRuleWithTheSameMatchesIsNeverTakenForTheControllers() {
        HTTPRoute withOurs = edited(USER_ROUTE, desired(true, null));
        HTTPRouteRule userCopy = new HTTPRouteRuleBuilder(withOurs.getSpec().getRules().get(0)).withName(null)
                .withBackendRefs(USER_ROUTE.getSpec().getRules().get(0).getBackendRefs()).build();
        withOurs.getSpec().getRules().add(userCopy);   // the user adds a rule matching the same header, at the end

        HTTPRoute removed = edited(withOurs, desired(false, null));

        assertThat(removed.getSpec().getRules()).hasSize(3).endsWith(userCopy);
    }

    @Test
    void rulesTheUserMovedAreFoundAndPutBackInFront() {
        HTTPRoute route = edited(USER_ROUTE, desired(true, null));
        List<HTTPRouteRule> rules = new ArrayList<>(route.getSpec().getRules());
        rules.add(rules.remove(0));   // our header rule now last
        route.getSpec().setRules(rules);

        HTTPRoute fixed = edited(route, desired(true, null));

        assertThat(fixed.getSpec().getRules()).hasSize(4);
        assertThat(fixed.getSpec().getRules().get(0).getName()).isEqualTo("kulta-variant-b-0");
        assertThat(fixed.getSpec().getRules().subList(2, 4)).isEqualTo(USER_ROUTE.getSpec().getRules());
    }

    @Test
    void thePortIsTheStrategysThenVariantAsOnTheRouteThen80() {
        assertThat(edited(USER_ROUTE, desired(true, 9090)).getSpec().getRules().get(0).getBackendRefs().get(0).getPort()).isEqualTo(9090);
        assertThat(edited(USER_ROUTE, desired(true, null)).getSpec().getRules().get(0).getBackendRefs().get(0).getPort()).isEqualTo(8080);
        HTTPRoute noPort = route(rule(prefix("/")).addNewBackendRef().withName("shop-a").endBackendRef().build());
        assertThat(edited(noPort, desired(true, null)).getSpec().getRules().get(0).getBackendRefs().get(0).getPort()).isEqualTo(80);
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

    static AbRoute desired(boolean present, Integer port) {
        AbTestingStrategy a = Rollouts.abTesting("shop").build().getSpec().strategy.abTesting;
        a.port = port;
        return AbRoute.of(a, present);
    }

    static AbRoute takeover() {
        return AbRoute.of(Rollouts.abTesting("shop").build().getSpec().strategy.abTesting, false, true);
    }

    /** The route after the JSON patch of the edit (if any): rules removed and prepended, annotation set or removed. */
    static HTTPRoute edited(HTTPRoute original, AbRoute desired) {
        HTTPRoute route = new HTTPRouteBuilder(original).build();
        AbRouteRules.edit(route, desired).ifPresent(edit -> {
            route.getSpec().setRules(AbRouteRules.applied(route.getSpec().getRules(), edit));
            Map<String, String> annotations = new LinkedHashMap<>(
                    route.getMetadata().getAnnotations() == null ? Map.of() : route.getMetadata().getAnnotations());
            if (edit.annotation() == null) annotations.remove(AbRouteRules.MANAGED_RULES);
            else annotations.put(AbRouteRules.MANAGED_RULES, edit.annotation());
            route.getMetadata().setAnnotations(annotations);
        });
        return route;
    }

    static HTTPRoute route(HTTPRouteRule... rules) {
        return new HTTPRouteBuilder().withNewMetadata().withName("shop-route").endMetadata()
                .withNewSpec().withRules(rules).endSpec().build();
    }

    static HTTPRouteRuleBuilder rule(HTTPRouteMatch... matches) {
        return new HTTPRouteRuleBuilder().withMatches(matches);
    }

    static HTTPRouteMatch prefix(String value) {
        return new HTTPRouteMatchBuilder().withNewPath().withType("PathPrefix").withValue(value).endPath().build();
    }
}
