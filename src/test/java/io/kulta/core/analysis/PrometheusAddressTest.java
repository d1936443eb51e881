package io.kulta.core.analysis;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.regex.Pattern;

import static io.kulta.model.AnalysisConfig.PrometheusConfig.ADDRESS_PATTERN;
import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §4 amended: which Prometheus addresses a Rollout may name, and where allowed prefixes end. */
class PrometheusAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://prometheus:9090", "https://prom.monitoring.svc/", "http://10.0.0.1:9090/prometheus"})
    void anAbsoluteHttpUrlIsAcceptedByTheValidatorAndTheSchema(String address) {
        assertThat(PrometheusAddress.problem(address)).isEmpty();
        assertThat(Pattern.compile(ADDRESS_PATTERN).matcher(address).find()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://prom:9090/{{env:HOME}}|no placeholders",
            "{{env:PROM}}|no placeholders",
            "http://user:pw@prom:9090|user-info",
            "http://@prom:9090|user-info",
            "ftp://prom:9090|absolute http or https",
            "prometheus:9090|absolute http or https",
            "/api|absolute http or https",
            "http://prom:9090/?x=1|query or fragment",
            "http://prom:9090/#x|query or fragment",
            "http:///path|host"})
    void anythingElseIsRefusedByTheValidatorAndTheSchema(String address, String why) {
        assertThat(PrometheusAddress.problem(address)).get().asString().contains(why).doesNotContain("pw");
        assertThat(Pattern.compile(ADDRESS_PATTERN).matcher(address).find()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "http://prom:9090, http://prom:9090, true",
            "http://prom:9090/api, http://prom:9090/, true",
            "http://prom:90901, http://prom:9090, false",
            "http://prom:9090.evil.com, http://prom:9090, false",
            "http://prom.monitoring/x, http://prom.monitoring/x, true",
            "http://prom.monitoring/xy, http://prom.monitoring/x, false",
            "https://anything, https://, true",
            "http://anything, https://, false"})
    void anAllowedPrefixEndsAtAPathBoundary(String address, String prefix, boolean allowed) {
        assertThat(PrometheusAddress.within(address, List.of(prefix))).isEqualTo(allowed);
    }
}
