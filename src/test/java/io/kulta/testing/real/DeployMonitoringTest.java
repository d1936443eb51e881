package io.kulta.testing.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/monitoring/: its alerts behave as src/test/resources/deploy/alerts-test.yaml says under {@code promtool test
 * rules}, every dashboard query parses, and the ServiceMonitor scrapes the Service deploy/ creates (the alerts' job).
 */
class DeployMonitoringTest {
    private static final Path MONITORING = Path.of("deploy/monitoring");
    private static final Path ALERT_TESTS = Path.of("src/test/resources/deploy/alerts-test.yaml");
    private static final String JOB = "job=\"kulta-controller-metrics\"";

    private static List<HasMetadata> monitoring;

    @BeforeAll
    static void render() {
        monitoring = Kustomize.render(MONITORING);
    }

    @Test
    void theAlertsFireAsTheirPromtoolTestsExpect(@TempDir Path dir) throws IOException {
        PrometheusRule rule = only(PrometheusRule.class);
        Files.writeString(dir.resolve("kulta-alerts.yaml"), Serialization.asYaml(rule.getSpec()));
        Files.copy(ALERT_TESTS, dir.resolve("alerts-test.yaml"));

        assertPromtool(dir, "check", "rules", "kulta-alerts.yaml");
        assertPromtool(dir, "test", "rules", "alerts-test.yaml");
    }

    @Test
    void everyDashboardQueryParsesAndReadsTheControllersJob(@TempDir Path dir) throws IOException {
        String json = Files.readString(MONITORING.resolve("grafana-dashboard.json"));
        List<Map<String, String>> records = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(json).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(expr).as("panel %s", panel.path("title")).contains(JOB);
                records.add(Map.of("record", "dashboard:panel" + panel.path("id").asInt() + target.path("refId").asText(),
                        "expr", expr));
            }
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(8);
        Map<String, Object> group = new LinkedHashMap<>(Map.of("name", "dashboard", "rules", records));
        Files.writeString(dir.resolve("dashboard.yaml"), Serialization.asYaml(Map.of("groups", List.of(group))));

        assertPromtool(dir, "check", "rules", "dashboard.yaml");
        ConfigMap configMap = Kustomize.find(monitoring, ConfigMap.class, "kulta-grafana-dashboard").orElseThrow();
        assertThat(configMap.getData()).containsExactly(Map.entry("grafana-dashboard.json", json));
        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    }

    @Test
    void theServiceMonitorScrapesTheMetricsServiceTheAlertsName() {
        Service metrics = Kustomize.find(Kustomize.render(DeployManifestsTest.DEPLOY), Service.class, "kulta-controller-metrics")
                .orElseThrow();
        ServiceMonitor monitor = only(ServiceMonitor.class);

        assertThat(monitor.getMetadata().getNamespace()).isEqualTo(metrics.getMetadata().getNamespace());
        assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPath()).isEqualTo("/metrics");
            assertThat(endpoint.getPort()).isEqualTo(metrics.getSpec().getPorts().get(0).getName());
        });
        assertThat(monitor.getSpec().getJobLabel()).as("so the job is the Service's name, as the alerts expect").isNull();
        assertThat(JOB).contains(metrics.getMetadata().getName());
    }

    private static <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = monitoring.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("deploy/monitoring's %s", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static void assertPromtool(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not on the PATH; it comes with Debian's prometheus package "
                    + "(apt-get install -y prometheus; .ci/run does this)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(process.waitFor()).as("promtool %s\n%s", String.join(" ", args), output).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
