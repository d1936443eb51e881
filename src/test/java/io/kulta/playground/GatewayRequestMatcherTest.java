package io.kulta.playground;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kulta.playground.GatewayRequest.get;
import static org.assertj.core.api.Assertions.assertThat;

/** The Gateway API v1 HTTPRoute precedence as the test matcher applies it; each case names the rule that must win. */
class GatewayRequestMatcherTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                win("An exact path beats a longer prefix", get("/api/v1"), 1,
                        rule(prefix("/api/v1/")), rule(exact("/api/v1"))),
                win("The longest prefix wins over an earlier shorter one", get("/api/x"), 1,
                        rule(prefix("/")), rule(prefix("/api"))),
                win("A prefix matches on path-element boundaries only", get("/apix"), 0,
                        rule(prefix("/")), rule(prefix("/api"))),
                win("A prefix matches its own path", get("/api"), 1,
                        rule(prefix("/")), rule(prefix("/api"))),
                win("A trailing slash on the prefix is ignored", get("/api"), 1,
                        rule(prefix("/")), rule(prefix("/api/"))),
                win("A rule without matches matches everything as PathPrefix /", get("/anything"), 0,
                        new HTTPRouteRuleBuilder().build()),
                none("No match is a 404", get("/other"), rule(prefix("/api")), rule(exact("/"))),
                win("At the same path a method match beats more headers", get("/").method("POST").header("a", "1"), 1,
                        rule(m(prefix("/")).addNewHeader().withName("a").withValue("1").endHeader()),
                        rule(m(prefix("/")).withMethod("POST"))),
                win("A method match needs the method", get("/"), 0,
                        rule(prefix("/")), rule(m(prefix("/")).withMethod("POST"))),
                win("More header matches win at the same path", get("/").header("a", "1").header("b", "2"), 1,
                        rule(m(prefix("/")).addNewHeader().withName("a").withValue("1").endHeader()),
                        rule(m(prefix("/")).addNewHeader().withName("a").withValue("1").endHeader()
                                .addNewHeader().withName("b").withValue("2").endHeader())),
                win("Header names are case-insensitive", get("/").header("x-variant", "b"), 1,
                        rule(prefix("/")), rule(m(prefix("/")).addNewHeader().withName("X-Variant").withValue("b").endHeader())),
                win("Header values are case-sensitive", get("/").header("X-Variant", "B"), 0,
                        rule(prefix("/")), rule(m(prefix("/")).addNewHeader().withName("X-Variant").withValue("b").endHeader())),
                win("A RegularExpression header is found in the value", get("/").header("Cookie", "s=1; variant=b"), 1,
                        rule(prefix("/")), rule(m(prefix("/")).addNewHeader().withName("Cookie").withType("RegularExpression")
                                .withValue("(^|;\\s*)variant=b(;|$)").endHeader())),
                win("A longer path beats more headers", get("/api/x").header("X-Variant", "b"), 1,
                        rule(m(prefix("/")).addNewHeader().withName("X-Variant").withValue("b").endHeader()),
                        rule(prefix("/api"))),
                win("More query param matches win after headers tie", get("/").query("v", "2"), 1,
                        rule(prefix("/")), rule(m(prefix("/")).addNewQueryParam().withName("v").withValue("2").endQueryParam())),
                win("Query param names are case-sensitive", get("/").query("V", "2"), 0,
                        rule(prefix("/")), rule(m(prefix("/")).addNewQueryParam().withName("v").withValue("2").endQueryParam())),
                win("A full tie goes to the first rule in list order", get("/a"), 0,
                        rule(prefix("/a")), rule(prefix("/a"))),
                win("Any one match of a rule is enough, and its best match counts", get("/api/x"), 1,
                        rule(prefix("/ap")), rule(prefix("/web"), prefix("/api"))),
                win("A RegularExpression path ranks after every prefix", get("/api/x"), 1,
                        rule(m(new HTTPRouteMatchBuilder().withNewPath().withType("RegularExpression").withValue("/api/.*").endPath().build())),
                        rule(prefix("/"))),
                win("A RegularExpression path matches the whole path", get("/api/x"), 0,
                        rule(prefix("/")),
                        rule(m(new HTTPRouteMatchBuilder().withNewPath().withType("RegularExpression").withValue("/api").endPath().build()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRuleThatWins(String sentence, HTTPRoute route, GatewayRequest request, Integer expected) {
        var matched = GatewayRequestMatcher.route(route, request);

        if (expected == null) assertThat(matched).as(request.toString()).isEmpty();
        else assertThat(matched).as(request.toString()).hasValueSatisfying(r -> {
            assertThat(r.index()).isEqualTo(expected);
            assertThat(r.rule()).isSameAs(route.getSpec().getRules().get(expected));
            assertThat(r.services()).containsExactly("svc-" + expected);
        });
    }

    private static Arguments win(String sentence, GatewayRequest request, int expected, HTTPRouteRule... rules) {
        return Arguments.of(sentence, route(rules), request, expected);
    }

    private static Arguments none(String sentence, GatewayRequest request, HTTPRouteRule... rules) {
        return Arguments.of(sentence, route(rules), request, null);
    }

    /** The route of these rules, rule i sending to Service svc-i. */
    private static HTTPRoute route(HTTPRouteRule... rules) {
        List<HTTPRouteRule> numbered = new java.util.ArrayList<>();
        for (int i = 0; i < rules.length; i++)
            numbered.add(new HTTPRouteRuleBuilder(rules[i]).addNewBackendRef().withName("svc-" + i).withPort(80).endBackendRef().build());
        return new HTTPRouteBuilder().withNewMetadata().withName("r").endMetadata().withNewSpec().withRules(numbered).endSpec().build();
    }

    private static HTTPRouteRule rule(HTTPRouteMatch... matches) {
        return new HTTPRouteRuleBuilder().withMatches(matches).build();
    }

    private static HTTPRouteRule rule(HTTPRouteMatchBuilder match) {
        return rule(match.build());
    }

    private static HTTPRouteMatchBuilder m(HTTPRouteMatch match) {
        return new HTTPRouteMatchBuilder(match);
    }

    private static HTTPRouteMatch prefix(String value) {
        return new HTTPRouteMatchBuilder().withNewPath().withType("PathPrefix").withValue(value).endPath().build();
    }

    private static HTTPRouteMatch exact(String value) {
        return new HTTPRouteMatchBuilder().withNewPath().withType("Exact").withValue(value).endPath().build();
    }
}
