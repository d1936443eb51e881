package io.kulta.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import java.util.Collection;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * /healthz (liveness: the process and the Camel context are up) and /readyz (readiness: the Camel checks, among them
 * informer-synced; never leadership) on the HTTP server of camel.server.*. /metrics is camel-micrometer's, on the same port.
 */
public class EndpointRoutes extends RouteBuilder {

    @Override
    public void configure() {
        if (!Boolean.parseBoolean(getContext().resolvePropertyPlaceholders("{{kulta.httpEnabled:true}}"))) return;

        from("platform-http:/healthz?httpMethodRestrict=GET").routeId("healthz")
                .process(answer(HealthCheckHelper::invokeLiveness, false));

        from("platform-http:/readyz?httpMethodRestrict=GET").routeId("readyz")
                .process(answer(HealthCheckHelper::invokeReadiness, true));
    }

    /** 200 "ok", or 503 with one line per check that is not UP: its id, state and message. */
    private static Processor answer(Function<CamelContext, Collection<HealthCheck.Result>> checks, boolean readiness) {
        return exchange -> {
            Collection<HealthCheck.Result> results = checks.apply(exchange.getContext());
            boolean up = HealthCheckHelper.isResultsUp(results, readiness);
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getMessage().setBody(up ? "ok\n" : results.stream()
                    .filter(r -> r.getState() != HealthCheck.State.UP)
                    .map(r -> r.getCheck().getId() + ": " + r.getState() + r.getMessage().map(m -> " " + m).orElse(""))
                    .collect(Collectors.joining("\n", "", "\n")));
        };
    }
}
