package io.kulta.prometheus;

import io.kulta.core.analysis.PromAnswer;
import io.kulta.core.analysis.PromAnswer.Problem;
import io.kulta.core.analysis.PromQuery;
import io.kulta.testing.HangingServer;
import io.kulta.testing.HttpSink;
import io.kulta.testing.SelfSignedCertificate;
import io.kulta.testing.prometheus.FakePrometheus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixed Prometheus client over real HTTP: what it sends, to whom, and what its errors may say (SPEC §4 amended). */
class PrometheusClientTest {
    static final String TOKEN = "s3cr3t-token-value";
    static final String HEADER_VALUE = "tenant-key-42";

    @TempDir
    Path dir;
    FakePrometheus prometheus = new FakePrometheus();

    @AfterEach
    void stop() {
        prometheus.close();
    }

    @Test
    void theQueryIsPostedToApiV1QueryWithTheBearerTokenAndTheConfiguredHeaders() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        PrometheusClient client = client(prometheus.url(), "", token, "X-Scope-OrgID=" + HEADER_VALUE);

        List<PromAnswer> answers = client.ask(List.of(query(prometheus.url(), "sum(up)")));

        assertThat(answers.get(0).error()).isNull();
        FakePrometheus.Request r = prometheus.received().get(0);
        assertThat(r.path()).isEqualTo("/api/v1/query");
        assertThat(r.query()).isEqualTo("sum(up)");
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.header("X-Scope-OrgID")).isEqualTo(HEADER_VALUE);
    }

    @Test
    void theTokenFileIsReadForEveryRequestSoARotatedTokenIsUsed() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "first");
        PrometheusClient client = client(prometheus.url(), "", token, "");
        client.ask(List.of(query(prometheus.url(), "up")));
        Files.writeString(token, "second");
        client.ask(List.of(query(prometheus.url(), "up")));

        assertThat(prometheus.received()).extracting(r -> r.header("Authorization")).containsExactly("Bearer first", "Bearer second");
    }

    @Test
    void credentialsGoOnlyToTheDefaultAddressOrAnAllowedPrefixNeverToAnAddressARolloutChose() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        try (FakePrometheus elsewhere = new FakePrometheus()) {
            PrometheusClient client = client(prometheus.url(), "", token, "X-Scope-OrgID=" + HEADER_VALUE);

            client.ask(List.of(query(elsewhere.url(), "up")));

            assertThat(elsewhere.received()).hasSize(1);
            assertThat(elsewhere.received().get(0).headers()).doesNotContainKeys("authorization", "x-scope-orgid");
        }
    }

    @Test
    void anAddressOutsideTheAllowedPrefixesIsRefusedWithoutARequestNamingItsHost() {
        try (HttpSink elsewhere = new HttpSink()) {
            String other = elsewhere.url("");
            PrometheusClient client = client(null, prometheus.url() + "/", null, "");

            PromAnswer refused = client.ask(List.of(query(other, "up"))).get(0);
            PromAnswer allowed = client.ask(List.of(query(prometheus.url(), "up"))).get(0);

            assertThat(refused.problem()).isEqualTo(Problem.REFUSED);
            assertThat(refused.error()).contains(other.replace("http://", ""), "KULTA_PROMETHEUS_ALLOWED");
            assertThat(elsewhere.attempts()).isZero();
            assertThat(allowed.error()).isNull();
        }
    }

    @Test
    void anAddressWithAPlaceholderOrUserInfoIsNeverAsked() {
        try (HttpSink sink = new HttpSink()) {
            PrometheusClient client = client(null, "", null, "");

            List<PromAnswer> answers = client.ask(List.of(query(sink.url("/{{env:HOME}}"), "up"),
                    query(sink.url("").replace("http://", "http://user:pw@"), "up")));

            assertThat(answers).extracting(PromAnswer::problem).containsOnly(Problem.REFUSED);
            assertThat(answers.get(1).error()).doesNotContain("pw");
            assertThat(sink.attempts()).isZero();
        }
    }

    @Test
    void errorsNameTheHostAndNeverTheTokenTheHeadersOrTheResponseBody() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        PrometheusClient client = client(prometheus.url(), "", token, "X-Scope-OrgID=" + HEADER_VALUE);
        String host = prometheus.url().replace("http://", "");

        prometheus.answer(q -> new FakePrometheus.Answer(401, "<html>denied for Bearer " + TOKEN + " / " + HEADER_VALUE + "</html>"));
        PromAnswer denied = client.ask(List.of(query(prometheus.url(), "up"))).get(0);
        prometheus.answer(q -> new FakePrometheus.Answer(400,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"echo " + TOKEN + " " + HEADER_VALUE + "\"}"));
        PromAnswer echoed = client.ask(List.of(query(prometheus.url(), "up"))).get(0);

        assertThat(denied.problem()).isEqualTo(Problem.BAD_RESPONSE);
        assertThat(denied.error()).isEqualTo(host + ": bad response (HTTP 401, not a Prometheus answer)");
        assertThat(echoed.problem()).isEqualTo(Problem.REJECTED);
        assertThat(echoed.error()).startsWith(host + " rejected the query (HTTP 400): bad_data: echo");
        for (PromAnswer a : List.of(denied, echoed)) assertThat(a.error()).doesNotContain(TOKEN, HEADER_VALUE, "html");
    }

    @Test
    void anAnswerWithoutAValueIsABadResponseNotUnreachable() {
        PrometheusClient client = client(null, "", null, "");
        prometheus.answer(q -> new FakePrometheus.Answer(200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[123]}]}}"));
        PromAnswer noValue = client.ask(List.of(query(prometheus.url(), "up"))).get(0);
        prometheus.answer(q -> new FakePrometheus.Answer(200, "ok"));
        PromAnswer notJson = client.ask(List.of(query(prometheus.url(), "up"))).get(0);

        assertThat(noValue.problem()).isEqualTo(Problem.BAD_RESPONSE);
        assertThat(noValue.error()).contains("bad response").doesNotContain("unreachable");
        assertThat(notJson.problem()).isEqualTo(Problem.BAD_RESPONSE);
        assertThat(notJson.error()).contains("bad response (HTTP 200");
    }

    @Test
    void aHangingPrometheusTimesOutAndItsOtherQueriesAreNotSent() throws Exception {
        try (HangingServer hanging = new HangingServer()) {
            PrometheusClient client = new PrometheusClient(PrometheusSettings.of(1, null, "", "", "", ""));
            long start = System.nanoTime();

            List<PromAnswer> answers = client.ask(List.of(query(hanging.url(), "a"), query(hanging.url(), "b"), query(hanging.url(), "c")));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
            assertThat(answers).extracting(PromAnswer::problem).containsOnly(Problem.UNREACHABLE);
            assertThat(answers.get(0).error()).isEqualTo(hanging.url().replace("http://", "") + " unreachable: no answer within 1s");
            assertThat(hanging.connections()).isEqualTo(1);
        }
    }

    @Test
    void httpsIsVerifiedAgainstTheConfiguredCaFile() throws Exception {
        SelfSignedCertificate cert = new SelfSignedCertificate(dir);
        try (FakePrometheus https = new FakePrometheus(cert.serverContext())) {
            PrometheusClient trusting = new PrometheusClient(PrometheusSettings.of(5, https.url(), "", "", cert.pem().toString(), ""));
            PrometheusClient notTrusting = client(https.url(), "", null, "");

            PromAnswer ok = trusting.ask(List.of(query(https.url(), "up"))).get(0);
            PromAnswer refused = notTrusting.ask(List.of(query(https.url(), "up"))).get(0);

            assertThat(ok.error()).isNull();
            assertThat(https.received()).hasSize(1);
            assertThat(refused.problem()).isEqualTo(Problem.UNREACHABLE);
            assertThat(refused.error()).contains("TLS");
        }
    }

    private static PrometheusClient client(String defaultAddress, String allowed, Path token, String headers) {
        return new PrometheusClient(PrometheusSettings.of(5, defaultAddress, allowed, token == null ? "" : token.toString(), "", headers));
    }

    private static PromQuery query(String address, String promql) {
        return new PromQuery(address, "m", promql);
    }
}
