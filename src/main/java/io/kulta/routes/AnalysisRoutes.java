package io.kulta.routes;

import io.kulta.core.analysis.AbQueryBatcher;
import io.kulta.core.analysis.AddressGroups;
import io.kulta.core.analysis.QueryBatcher;
import org.apache.camel.builder.RouteBuilder;

import java.util.concurrent.ExecutorService;

/**
 * Every KULTA_ANALYSIS_INTERVAL: the Rollouts under analysis, one group per Prometheus address, each
 * group asked in parallel (a slow address delays only its own Rollouts) → a handful of batched PromQL
 * queries (never one per Rollout) through the fixed {@code prometheusClient} → one measurement per
 * Rollout, which wakes it. Rollout text is data for the client, never part of an endpoint URI.
 */
public class AnalysisRoutes extends RouteBuilder {
    static final String TARGETS = "KultaAnalysisTargets";
    static final String ANSWERS = "KultaPromAnswers";

    @Override
    public void configure() {
        ExecutorService addresses = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "prometheus-addresses", 8);

        from("timer:analysis?period={{kulta.analysisInterval}}").routeId("analysis")
                .routePolicyRef("leaderPolicy")
                .bean("analysisTargets", "current")
                .split(method(AddressGroups.class, "of")).parallelProcessing().executorService(addresses)
                    .to("direct:analyse-address");

        from("direct:analyse-address").routeId("analyse-address")
                .setProperty(TARGETS, body())
                .transform(method(QueryBatcher.class, "batch"))
                .bean("prometheusClient", "ask")
                .bean("analysisMetrics", "answered")
                .setProperty(ANSWERS, body())
                .transform(method(QueryBatcher.class, "retries(${exchangeProperty." + TARGETS + "}, ${body})"))
                .bean("prometheusClient", "ask")
                .bean("analysisMetrics", "answered")
                .bean("measurements", "record(${exchangeProperty." + TARGETS + "}, ${exchangeProperty." + ANSWERS + "}, ${body})");

        from("timer:ab-analysis?period={{kulta.analysisInterval}}").routeId("ab-analysis")
                .routePolicyRef("leaderPolicy")
                .bean("abAnalysisTargets", "current")
                .split(method(AddressGroups.class, "ofExperiments")).parallelProcessing().executorService(addresses)
                    .to("direct:analyse-experiments");

        from("direct:analyse-experiments").routeId("analyse-experiments")
                .setProperty(TARGETS, body())
                .transform(method(AbQueryBatcher.class, "batch"))
                .bean("prometheusClient", "ask")
                .bean("analysisMetrics", "answered")
                .setProperty(ANSWERS, body())
                .transform(method(AbQueryBatcher.class, "retries(${exchangeProperty." + TARGETS + "}, ${body})"))
                .bean("prometheusClient", "ask")
                .bean("analysisMetrics", "answered")
                .bean("measurements", "recordExperiments(${exchangeProperty." + TARGETS + "}, ${exchangeProperty." + ANSWERS + "}, ${body})");
    }
}
