package io.kulta.bench;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what one of the benchmark's own clients sends, by {@link RequestKind}, so the real API server's totals can be
 * told apart from the controller's.
 */
final class CountingInterceptor implements Interceptor {
    static final String NAME = "kulta-bench-count";
    private final Map<RequestKind, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        count(request);
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        count(request);
    }

    private void count(HttpRequest request) {
        RequestKind kind = RequestKind.of(request.method(), request.uri().getRawPath(), request.uri().getRawQuery());
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    RequestCounts snapshot() {
        Map<RequestKind, Long> copy = new java.util.HashMap<>();
        counts.forEach((kind, n) -> copy.put(kind, n.sum()));
        return new RequestCounts(copy);
    }
}
