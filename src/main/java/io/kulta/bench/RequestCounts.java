package io.kulta.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** How many requests of each {@link RequestKind}: a snapshot, or the difference of two. */
public record RequestCounts(Map<RequestKind, Long> counts) {

    public static final RequestCounts NONE = new RequestCounts(Map.of());

    public RequestCounts {
        TreeMap<RequestKind, Long> sorted = new TreeMap<>();
        counts.forEach((kind, n) -> {
            if (n != 0) sorted.merge(kind, n, Long::sum);
        });
        counts = java.util.Collections.unmodifiableSortedMap(sorted);
    }

    /** What happened between {@code earlier} and this snapshot. */
    public RequestCounts minus(RequestCounts earlier) {
        TreeMap<RequestKind, Long> delta = new TreeMap<>(counts);
        earlier.counts.forEach((kind, n) -> delta.merge(kind, -n, Long::sum));
        return new RequestCounts(delta);
    }

    public RequestCounts plus(RequestCounts other) {
        TreeMap<RequestKind, Long> sum = new TreeMap<>(counts);
        other.counts.forEach((kind, n) -> sum.merge(kind, n, Long::sum));
        return new RequestCounts(sum);
    }

    /** Only the kinds that pass. */
    public RequestCounts only(Predicate<RequestKind> filter) {
        TreeMap<RequestKind, Long> kept = new TreeMap<>();
        counts.forEach((kind, n) -> {
            if (filter.test(kind)) kept.put(kind, n);
        });
        return new RequestCounts(kept);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long of(RequestKind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    /** Each count divided by {@code units} (e.g. per Rollout step), label → value, for the report. */
    public Map<String, Double> per(int units) {
        TreeMap<String, Double> out = new TreeMap<>();
        counts.forEach((kind, n) -> out.put(kind.label(), (double) n / units));
        return out;
    }
}
