package io.kulta.prometheus;

import io.kulta.core.analysis.PromAnswer;
import io.kulta.core.analysis.PromQuery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusAnswersTest {
    final PrometheusAnswers answers = new PrometheusAnswers();
    final PromQuery query = new PromQuery("http://p:9090", "error-rate", "up");

    @Test
    void aVectorWithFractionalTimestampsNaNAndInfinityIsRead() {
        PromAnswer a = answers.parse(query, """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"rollout":"a","revision":"x"},"value":[1764064800.123,"2.5"]},
                  {"metric":{"rollout":"b"},"value":[1764064800.5,"NaN"]},
                  {"metric":{"rollout":"c"},"value":[1764064800,"+Inf"]}]}}""", 200);

        assertThat(a.error()).isNull();
        assertThat(a.series()).extracting(PromAnswer.Series::value).containsExactly(2.5, Double.NaN, Double.POSITIVE_INFINITY);
        assertThat(a.series().get(0).labels()).containsEntry("rollout", "a").containsEntry("revision", "x");
    }

    @Test
    void anErrorAnswerOrSomethingElseIsAnErrorThatSaysWhat() {
        assertThat(answers.parse(query, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}", 400).error())
                .isEqualTo("p:9090 rejected the query (HTTP 400): bad_data: parse error");
        assertThat(answers.parse(query, "<html>proxy</html>", 502).error()).isEqualTo("p:9090: bad response (HTTP 502, not a Prometheus answer)");
        assertThat(answers.parse(query, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", 200).error())
                .contains("expected an instant vector");
    }

    @Test
    void theQueryIsFormEncoded() {
        assertThat(PrometheusAnswers.formBody(new PromQuery("p", "m", "sum(rate(x{a=\"b\"}[2m]))")))
                .isEqualTo("query=sum%28rate%28x%7Ba%3D%22b%22%7D%5B2m%5D%29%29");
    }
}
