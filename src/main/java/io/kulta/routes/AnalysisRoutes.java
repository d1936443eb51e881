package io.kulta.routes;

import io.kulta.core.analysis.AbQueryBatcher;
import io.kulta.core.analysis.PromAnswer;
import io.kulta.core.analysis.PromQuery;
import io.kulta.core.analysis.QueryBatcher;
import io.kulta.prometheus.PrometheusAnswers;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Every KULTA_ANALYSIS_INTERVAL: the Rollouts under analysis → a handful of batched PromQL queries
 * (never one per Rollout) → Prometheus over camel-http → one measurement per Rollout, which wakes it.
 */
public class AnalysisRoutes extends RouteBuilder {
    static final String TARGETS = "KultaAnalysisTargets";
    static final String QUERY = "KultaPromQuery";

    @Override
    public void configure() {
        from("timer:analysis?period={{kulta.analysisInterval}}").routeId("analysis")
                .routePolicyRef("leaderPolicy")
                .bean("analysisTargets", "current")
                .filter(simple("${body.size} > 0"))
                    .setProperty(TARGETS, body())
                    .transform(method(QueryBatcher.class, "batch"))
                    .split(body(), collectAnswers())
                        .to("direct:prometheus-query")
                    .end()
                    .bean("measurements", "record(${exchangeProperty." + TARGETS + "}, ${body})");

        from("timer:ab-analysis?period={{kulta.analysisInterval}}").routeId("ab-analysis")
                .routePolicyRef("leaderPolicy")
                .bean("abAnalysisTargets", "current")
                .filter(simple("${body.size} > 0"))
                    .setProperty(TARGETS, body())
                    .transform(method(AbQueryBatcher.class, "batch"))
                    .split(body(), collectAnswers())
                        .to("direct:prometheus-query")
                    .end()
                    .bean("measurements", "recordExperiments(${exchangeProperty." + TARGETS + "}, ${body})");

        from("direct:prometheus-query").routeId("prometheus-query")
                .setProperty(QUERY, body())
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.CONTENT_TYPE, constant("application/x-www-form-urlencoded"))
                .transform(method(PrometheusAnswers.class, "formBody"))
                .doTry()
                    .toD("${exchangeProperty." + QUERY + ".prometheus()}/api/v1/query?throwExceptionOnFailure=false")
                    .transform(method("prometheusAnswers",
                            "parse(${exchangeProperty." + QUERY + "}, ${bodyAs(String)}, ${header.CamelHttpResponseCode})"))
                .doCatch(Exception.class)
                    .transform(method("prometheusAnswers", "unreachable(${exchangeProperty." + QUERY + "}, ${exception})"))
                .end();
    }

    /** Gathers the split's answers into one list, in query order. */
    private static AggregationStrategy collectAnswers() {
        return (oldExchange, newExchange) -> {
            Exchange into = oldExchange == null ? newExchange : oldExchange;
            @SuppressWarnings("unchecked")
            List<PromAnswer> answers = oldExchange == null ? new ArrayList<>() : into.getMessage().getBody(List.class);
            answers.add(newExchange.getMessage().getBody(PromAnswer.class));
            into.getMessage().setBody(answers);
            return into;
        };
    }
}
