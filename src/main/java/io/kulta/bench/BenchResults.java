package io.kulta.bench;

import java.util.List;
import java.util.Map;

/** target/bench/results.json. */
public record BenchResults(String startedAt, Machine machine, Map<String, Object> clientSettings, boolean smoke,
                           List<SizeResult> results, List<String> smokeFailures) {
}
