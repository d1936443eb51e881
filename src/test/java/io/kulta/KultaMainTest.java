package io.kulta;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every KULTA_* environment variable is the kulta.* Camel property of the same name in camelCase. */
class KultaMainTest {

    @Test
    void kultaEnvironmentVariablesBecomeCamelCaseProperties() {
        Map<String, String> props = KultaMain.properties(Map.of(
                "KULTA_NAMESPACE", "shop",
                "KULTA_RESYNC_SECONDS", "10",
                "KULTA_CDEVENTS_SINK_URL", "http://sink",
                "KULTA_FALSE_ENABLED", "true",
                "POD_NAME", "kulta-0",
                "POD_NAMESPACE", "kulta-system",
                "HOME", "/root"));

        assertThat(props).containsOnly(
                Map.entry("kulta.namespace", "shop"),
                Map.entry("kulta.resyncSeconds", "10"),
                Map.entry("kulta.cdeventsSinkUrl", "http://sink"),
                Map.entry("kulta.falseEnabled", "true"),
                Map.entry("kulta.podName", "kulta-0"),
                Map.entry("kulta.podNamespace", "kulta-system"));
    }

    @Test
    void snakeCaseBecomesCamelCase() {
        assertThat(KultaMain.camelCase("ANALYSIS_INTERVAL")).isEqualTo("analysisInterval");
        assertThat(KultaMain.camelCase("WORKERS")).isEqualTo("workers");
        assertThat(KultaMain.camelCase("EVENTS__BUFFER")).isEqualTo("eventsBuffer");
    }
}
