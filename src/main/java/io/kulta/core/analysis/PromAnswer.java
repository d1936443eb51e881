package io.kulta.core.analysis;

import java.util.List;
import java.util.Map;

/** Prometheus' answer to one query: the series of an instant vector, or why there is none. */
public record PromAnswer(PromQuery query, List<Series> series, String error) {

    public record Series(Map<String, String> labels, double value) {
    }

    public static PromAnswer failed(PromQuery query, String error) {
        return new PromAnswer(query, List.of(), error);
    }
}
