package io.kulta.core.analysis;

import java.util.List;
import java.util.Map;

/** Prometheus' answer to one query: the series of an instant vector, or why there is none. */
public record PromAnswer(PromQuery query, List<Series> series, String error, Problem problem) {

    /** Why a query has no answer. Only a {@link #REJECTED} batch is worth asking again per Rollout. */
    public enum Problem {
        /** No answer at all: connection refused, timeout, TLS, unreadable credentials. */
        UNREACHABLE,
        /** An answer that is not a usable Prometheus instant vector. */
        BAD_RESPONSE,
        /** Prometheus answered with an error of its own (bad_data, execution, ...). */
        REJECTED,
        /** The controller did not send it: the address is not allowed. */
        REFUSED
    }

    public record Series(Map<String, String> labels, double value) {
    }

    public PromAnswer(PromQuery query, List<Series> series, String error) {
        this(query, series, error, error == null ? null : Problem.BAD_RESPONSE);
    }

    public static PromAnswer failed(PromQuery query, String error) {
        return failed(query, Problem.BAD_RESPONSE, error);
    }

    public static PromAnswer failed(PromQuery query, Problem problem, String error) {
        return new PromAnswer(query, List.of(), error, problem);
    }
}
