package io.kulta.core;

import io.kulta.model.Rollout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kulta.core.Rollouts.abTesting;
import static io.kulta.core.Rollouts.canary;
import static io.kulta.core.Rollouts.pause;
import static io.kulta.core.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A name or label a Rollout hands on to Kubernetes, a gateway or a PromQL query must be one they accept, or the spec is
 * invalid at once (not a 422 later, not a broken query); and a value echoed in a message is quoted and cut short.
 */
class NamesAndValuesInTheSpecTest {

    static Stream<Arguments> badNames() {
        return Stream.of(
                arguments("a Service name with a quote", "spec.strategy.canary.stableService: must be a Service name",
                        canary("shop").steps(setWeight(20), pause()).services("shop\"} or vector(1) #", "shop-canary").build()),
                arguments("a Service name with a newline", "spec.strategy.canary.canaryService: must be a Service name",
                        canary("shop").steps(setWeight(20), pause()).services("shop-stable", "x\ny").build()),
                arguments("an upper-case HTTPRoute name", "spec.strategy.canary.trafficRouting.gatewayAPI.httpRoute: must be an object name",
                        canary("shop").steps(setWeight(20)).httpRoute("Shop_Route").build()),
                arguments("a label value with a space", "spec.template.metadata.labels: label \"app\" has value \"a b\"",
                        canary("shop").steps(setWeight(20)).app("a b").build()),
                arguments("a header name with a colon", "spec.strategy.abTesting.variantBMatch.header.name: must be an HTTP header name",
                        abTesting("shop").ab(a -> a.variantBMatch.header.name = "X-Evil: 1").build()),
                arguments("a header value with CR LF", "spec.strategy.abTesting.variantBMatch.header.value: must not contain control characters",
                        abTesting("shop").ab(a -> a.variantBMatch.header.value = "b\r\nSet-Cookie: a=b").build()),
                arguments("a cookie name with a semicolon", "spec.strategy.abTesting.variantBMatch.cookie.name: must be a cookie name",
                        abTesting("shop").ab(a -> a.variantBMatch.cookie.name = "a;b").build()));
    }

    @ParameterizedTest(name = "{0} is invalid")
    @MethodSource("badNames")
    void aNameOrLabelKubernetesOrAGatewayWouldRefuseIsInvalid(String name, String problem, Rollout rollout) {
        assertThat(SpecValidator.validate(rollout)).anySatisfy(p -> assertThat(p).startsWith(problem));
    }

    @Test
    void theExamplesNamesStayValid() {
        assertThat(SpecValidator.validate(canary("shop").steps(setWeight(20), pause()).httpRoute("shop.route-1").build())).isEmpty();
        assertThat(SpecValidator.validate(abTesting("shop").build())).isEmpty();
    }

    @Test
    void aHugeValueIsShownQuotedAndCutShort() {
        String mib = "x".repeat(1 << 20);
        List<String> problems = SpecValidator.validate(canary("shop").steps(setWeight(20), pause(mib + "\n")).build());

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p).startsWith("spec.strategy.canary.steps[1].pause.duration: invalid duration \"xxxx");
            assertThat(p).contains("…\" (1048577 characters)").doesNotContain("\n").hasSizeLessThan(300);
        });
    }
}
