package io.kulta.core;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §3 Canary, HTTPRoute: only the rules naming the rollout's Services get [stable 100−w, canary w]. */
class RouteWeightsTest {
    static final String STABLE = "shop-stable";
    static final String CANARY = "shop-canary";

    @ParameterizedTest(name = "canary weight {0} → stable {1}, canary {2}")
    @CsvSource({"0, 100, 0", "20, 80, 20", "50, 50, 50", "100, 0, 100"})
    void theRuleNamingBothServicesGetsTheSplit(int weight, int stableWeight, int canaryWeight) {
        HTTPRoute route = route(rule(ref(STABLE, 80, 100), ref(CANARY, 80, 0)));

        var changes = RouteWeights.changes(route, split(weight));

        if (weight == 0) {
            assertThat(changes).as("already right: nothing to write").isEmpty();
        } else {
            assertThat(changes).containsOnlyKeys(0);
            assertThat(weights(changes.get(0))).containsExactly(Map.entry(STABLE, stableWeight), Map.entry(CANARY, canaryWeight));
        }
    }

    @Test
    void weightsThatAreAlreadyRightNeedNoWrite() {
        HTTPRoute route = route(rule(ref(STABLE, 80, 50), ref(CANARY, 80, 50)), rule(ref("static-assets", 80, null)));

        assertThat(RouteWeights.changes(route, split(50))).isEmpty();
    }

    @Test
    void rulesNamingNeitherServiceAreLeftAlone() {
        HTTPRoute route = route(
                rule(ref("static-assets", 80, 100)),
                rule(ref(STABLE, 80, 100), ref(CANARY, 80, 0)),
                rule(ref("other-app", 8080, 3), ref("other-app-v2", 8080, 1)));

        assertThat(RouteWeights.changes(route, split(20))).containsOnlyKeys(1);
    }

    @Test
    void everyRuleThatNamesTheServicesChanges() {
        HTTPRoute route = route(
                rule(ref(STABLE, 80, 100), ref(CANARY, 80, 0)),
                rule(ref("static-assets", 80, 100)),
                rule(ref(STABLE, 8443, 100), ref(CANARY, 8443, 0)));

        var changes = RouteWeights.changes(route, split(50));

        assertThat(changes).containsOnlyKeys(0, 2);
        assertThat(changes.get(2)).extracting(HTTPBackendRef::getPort).containsExactly(8443, 8443);
    }

    @Test
    void eachBackendRefKeepsItsPortAndOtherFields() {
        HTTPBackendRef stable = new HTTPBackendRefBuilder(ref(STABLE, 8080, 100)).withNamespace("shop")
                .addNewFilter().withType("RequestHeaderModifier").withNewRequestHeaderModifier()
                .addNewSet().withName("X-Track").withValue("stable").endSet().endRequestHeaderModifier().endFilter()
                .build();
        HTTPRoute route = route(rule(stable, ref(CANARY, 9090, 0)));

        List<HTTPBackendRef> refs = RouteWeights.changes(route, split(30)).get(0);

        assertThat(refs.get(0)).usingRecursiveComparison().ignoringFields("weight").isEqualTo(stable);
        assertThat(refs.get(0).getWeight()).isEqualTo(70);
        assertThat(refs.get(1).getPort()).isEqualTo(9090);
        assertThat(refs.get(1).getWeight()).isEqualTo(30);
    }

    @Test
    void aMissingCanaryBackendRefIsAddedWithTheStrategyPort() {
        HTTPRoute route = route(rule(ref(STABLE, 8080, null)));

        List<HTTPBackendRef> refs = RouteWeights.changes(route, new TrafficSplit("shop-route", STABLE, CANARY, 20, 8081)).get(0);

        assertThat(refs).extracting(HTTPBackendRef::getName, HTTPBackendRef::getPort, HTTPBackendRef::getWeight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(STABLE, 8080, 80),
                        org.assertj.core.groups.Tuple.tuple(CANARY, 8081, 20));
    }

    @Test
    void aMissingStableBackendRefIsAddedWithPort80ByDefault() {
        HTTPRoute route = route(rule(ref(CANARY, 8080, 100)));

        List<HTTPBackendRef> refs = RouteWeights.changes(route, split(0)).get(0);

        assertThat(refs.get(0).getName()).isEqualTo(STABLE);
        assertThat(refs.get(0).getPort()).isEqualTo(80);
        assertThat(weights(refs)).containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    }

    @Test
    void theRuleEndsWithExactlyTheTwoServicesInStableCanaryOrder() {
        // SPEC: "backendRefs become [{stableService}, {canaryService}]" — a third backend in such a rule is dropped
        HTTPRoute route = route(rule(ref(CANARY, 80, 0), ref("mirror", 80, 1), ref(STABLE, 80, 100)));

        assertThat(weights(RouteWeights.changes(route, split(0)).get(0)))
                .containsExactly(Map.entry(STABLE, 100), Map.entry(CANARY, 0));
    }

    @Test
    void matchesFiltersHostnamesAndParentRefsAreNotPartOfTheChange() {
        HTTPRouteRule rule = new HTTPRouteRuleBuilder(rule(ref(STABLE, 80, 100), ref(CANARY, 80, 0)))
                .addNewMatch().withNewPath().withType("PathPrefix").withValue("/").endPath().endMatch()
                .addNewFilter().withType("RequestHeaderModifier").endFilter()
                .build();
        HTTPRoute route = new HTTPRouteBuilder(route(rule)).editSpec().withHostnames("shop.example.com")
                .addNewParentRef().withName("gw").endParentRef().endSpec().build();
        HTTPRoute before = new HTTPRouteBuilder(route).build();

        var changes = RouteWeights.changes(route, split(40));

        assertThat(changes.get(0)).allMatch(r -> r.getName().equals(STABLE) || r.getName().equals(CANARY));
        assertThat(route).as("changes() only describes; the route itself is untouched").isEqualTo(before);
    }

    @Test
    void aBackendOfAnotherKindWithTheSameNameIsNotTheService() {
        HTTPBackendRef serviceImport = new HTTPBackendRefBuilder(ref(STABLE, 80, 100))
                .withGroup("multicluster.x-k8s.io").withKind("ServiceImport").build();
        HTTPRoute route = route(rule(serviceImport));

        assertThat(RouteWeights.changes(route, split(50))).isEmpty();
    }

    @Test
    void aRouteWithoutRulesOrBackendsHasNothingToChange() {
        assertThat(RouteWeights.changes(new HTTPRouteBuilder().withNewMetadata().withName("r").endMetadata().build(), split(50)))
                .isEmpty();
        assertThat(RouteWeights.changes(route(new HTTPRouteRuleBuilder().build()), split(50))).isEmpty();
    }

    @Test
    void theCurrentCanaryWeightIsReadFromTheFirstRuleNamingBoth() {
        HTTPRoute route = route(rule(ref("static-assets", 80, 5)), rule(ref(STABLE, 80, 70), ref(CANARY, 80, 30)));

        assertThat(RouteWeights.canaryWeight(route, split(0))).contains(30);
        assertThat(RouteWeights.canaryWeight(route(rule(ref(STABLE, 80, null), ref(CANARY, 80, null))), split(0)))
                .as("Gateway API's default weight").contains(1);
        assertThat(RouteWeights.canaryWeight(route(rule(ref(STABLE, 80, 100))), split(0))).isEmpty();
    }

    static TrafficSplit split(int canaryWeight) {
        return new TrafficSplit("shop-route", STABLE, CANARY, canaryWeight, 80);
    }

    static HTTPRoute route(HTTPRouteRule... rules) {
        return new HTTPRouteBuilder().withNewMetadata().withName("shop-route").endMetadata()
                .withNewSpec().withRules(rules).endSpec().build();
    }

    static HTTPRouteRule rule(HTTPBackendRef... refs) {
        return new HTTPRouteRuleBuilder().withBackendRefs(refs).build();
    }

    static HTTPBackendRef ref(String name, int port, Integer weight) {
        return new HTTPBackendRefBuilder().withName(name).withPort(port).withWeight(weight).build();
    }

    static Map<String, Integer> weights(List<HTTPBackendRef> refs) {
        var out = new java.util.LinkedHashMap<String, Integer>();
        refs.forEach(r -> out.put(r.getName(), r.getWeight()));
        return out;
    }
}
