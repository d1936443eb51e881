package io.kulta.metrics;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * kulta_api_requests_total{verb,code}: every request the controller's client sends to the Kubernetes API, each try
 * of a retried one included (an interceptor on that client, beside the write fence; the election's own client is not
 * counted, and a write the fence refuses is never sent). verb is the HTTP method, or "watch"; code the HTTP status, or "none" when no answer came.
 */
public final class ApiRequestMetrics implements Interceptor {
    public static final String NAME = "kulta-api-requests";
    private final MeterRegistry registry;

    public ApiRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        count(request, String.valueOf(response.code()));
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        count(request, "none");
    }

    private void count(HttpRequest request, String code) {
        Counter.builder("kulta.api.requests").description("requests to the Kubernetes API by verb and answer")
                .tags("verb", verb(request), "code", code).register(registry).increment();
    }

    private static String verb(HttpRequest request) {
        String query = request.uri().getRawQuery();
        boolean watch = query != null && (query.contains("watch=true") || query.contains("watch=1"));
        return watch ? "watch" : request.method().toLowerCase(Locale.ROOT);
    }
}
