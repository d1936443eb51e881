package io.kulta.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchOnMockTest {

    @Test
    void aBenchOfFiveRolloutsOnTheMockWritesEveryFigureToResultsJson(@TempDir Path out) throws Exception {
        int exit = Bench.run("--tier", "mock", "--sizes", "5", "--repetitions", "1", "--changes", "5",
                "--resync-seconds", "1", "--out", out.toString());

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.at("/machine/cores").asInt()).isPositive();
        assertThat(json.at("/clientSettings/workers").asInt()).isPositive();
        JsonNode result = json.at("/results/0");
        assertThat(result.at("/tier").asText()).isEqualTo("mock");
        assertThat(result.at("/rollouts").asInt()).isEqualTo(5);
        for (String positive : List.of("/limitSeconds/median", "/burstSeconds/median", "/promoteSeconds/median",
                "/burstToLimitRatio", "/promoteToLimitRatio", "/singleChange/routePatchP99Ms", "/singleChange/statusWriteP99Ms",
                "/singleChange/pausedP99Ms", "/singleChange/canaryAvailableP99Ms", "/singleChange/routeAfterAvailableP99Ms", "/startupToReadySeconds", "/firstDeploymentSeconds", "/memory/heapAfterGcMiB",
                "/memory/rssMiB", "/resync/cpuSecondsPerResync")) {
            assertThat(result.at(positive).asDouble()).as(positive).isPositive();
        }
        assertThat(result.at("/singleChange/changes").asInt()).isEqualTo(5);
        assertThat(result.at("/singleChange/routeAfterAvailableP50Ms").asDouble()).as("the controller's part of the route patch's wait")
                .isLessThan(result.at("/singleChange/routePatchP50Ms").asDouble());
        // the limit's bare client sends exactly the minimum: one of each write a step needs, per Rollout
        assertThat(result.at("/limitRequestsPerRollout").toString()).isEqualTo(
                "{\"PATCH httproutes\":1.0,\"PATCH rollouts/status\":1.0,\"PATCH services\":1.0,\"POST replicasets\":1.0}");
        for (String step : List.of("/burstRequests", "/promoteRequests")) {
            assertThat(result.at(step + "/minimumWrites").asInt()).isEqualTo(7);
            assertThat(result.at(step + "/writesPerStep").asDouble()).as(step).isGreaterThanOrEqualTo(3);
            assertThat(result.at(step + "/perStep").size()).as(step).isPositive();
            assertThat(result.at(step + "/extraWrites").isArray()).isTrue();
            assertThat(result.at(step + "/extraWrites").size()).as(step + " writes beyond the minimum: " + result.at(step + "/extraWrites")).isZero();
        }
        assertThat(result.at("/resync/writes").isIntegralNumber()).isTrue();
        assertThat(result.at("/alone/jvmFlags").asText()).contains("-XX:MaxRAM=512m", "-XX:+UseSerialGC");
        assertThat(result.at("/alone/startupToReadySeconds").asDouble()).as("the controller alone, ready").isPositive();
        assertThat(result.at("/alone/rssMiB").asDouble()).as("its own process's RSS").isPositive();
        assertThat(result.at("/alone/heapAfterGcMiB").asDouble()).as("its heap after a full GC").isPositive();
        assertThat(result.at("/alone/writes").asLong()).as("a fresh controller over a settled fleet writes nothing").isZero();
        assertThat(result.at("/resync/periods").asInt()).isEqualTo(3);
        // all 5 under analysis: the controller's batched queries, the same number whatever N (its test: AnalysisIsolationTest)
        assertThat(result.at("/analysis/ticks").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(result.at("/analysis/prometheusRequestsPerTick").asDouble()).isBetween(1.0, 8.0);
        // a shared change promoted as it pauses: all 5 at once without a limit, one at a time with KULTA_MAX_CONCURRENT_ROLLOUTS=1
        assertThat(result.at("/flowControl/unlimited/peakMidRollout").asInt()).isGreaterThan(1);
        assertThat(result.at("/flowControl/limited/limit").asInt()).isEqualTo(1);
        assertThat(result.at("/flowControl/limited/peakMidRollout").asInt()).isEqualTo(1);
        for (String run : List.of("unlimited", "limited")) {
            assertThat(result.at("/flowControl/" + run + "/secondsToComplete").asDouble()).isPositive();
            assertThat(result.at("/flowControl/" + run + "/writes").asLong()).isPositive();
        }
    }
}
