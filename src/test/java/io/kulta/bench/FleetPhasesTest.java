package io.kulta.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** N = 10,000 (--large) runs the fleet phases only; the report and the smoke check read such a result. */
class FleetPhasesTest {

    @Test
    void tenThousandRunsTheFleetPhasesUnlessAllPhasesAreAskedFor() {
        BenchOptions large = BenchOptions.parse("--large");
        assertThat(large.sizes()).containsExactly(100, 1000, 10_000);
        assertThat(large.allPhasesAt(1000)).isTrue();
        assertThat(large.allPhasesAt(10_000)).isFalse();
        assertThat(BenchOptions.parse("--large", "--all-phases").allPhasesAt(10_000)).isTrue();
        assertThat(BenchOptions.parse("--smoke").allPhasesAt(BenchOptions.SMOKE_SIZE)).isTrue();
        assertThat(BenchOptions.parse("--sizes", "1000", "--fleet-phases").allPhasesAt(1000)).isFalse();
    }

    @Test
    void aResyncPeriodHoldsOneResyncOfTheWholeFleet() {
        BenchOptions options = BenchOptions.parse("--large");
        assertThat(options.resyncSecondsAt(1000)).isEqualTo(5);
        assertThat(options.resyncSecondsAt(10_000)).isEqualTo(40);
        assertThat(BenchOptions.parse("--resync-seconds", "60").resyncSecondsAt(10_000)).isEqualTo(60);
    }

    @Test
    void aFleetPastAThousandRollsOutUnderTheLargerMemoryLimit() {
        assertThat(ControllerProcess.memoryLimitMiB(1000)).isEqualTo(512);
        assertThat(ControllerProcess.memoryLimitMiB(10_000)).isEqualTo(1536);
        assertThat(ControllerProcess.jvmFlags(1536)).startsWith("-XX:MaxRAM=1536m");
    }

    @Test
    void aFleetOnlyResultIsReportedWithWhatWasNotRunSaidSo() {
        SizeResult fleetOnly = fleetOnly(0);

        String table = MarkdownReport.table(List.of(fleetOnly));

        assertThat(table).contains("| ratio burst / limit | not run |", "| writes while settled (3 resyncs) | 0 |",
                "| CPU per resync (s) | 1.25 |", "| the same with KULTA_MAX_CONCURRENT_ROLLOUTS = N/10 | not run |",
                "| analysis, all N under it: Prometheus requests per tick / tick (ms) | not run |",
                "| 1536 / 4.20 / 2.50 / 410 / 480 / 0 |");
        assertThat(SmokeCheck.failures(List.of(fleetOnly))).isEmpty();
        assertThat(SmokeCheck.failures(List.of(fleetOnly(3)))).containsExactly(
                "real, N = 10000: the controller alone, started over the settled fleet, wrote 3 times");
    }

    private static SizeResult fleetOnly(long writesAlone) {
        return new SizeResult("real", 10_000, 1, 4, null, null, null, Double.NaN, Double.NaN, null, null, null, null,
                new SizeResult.Resync(3, 5, 0, java.util.Map.of(), 0, 1.25), 3.1, 400, new SizeResult.Memory(700, 50, 650, 1500, 90, 6),
                null, null, new SizeResult.Alone("-XX:MaxRAM=1536m", 1536, 4.2, 2.5, 410, 480, writesAlone));
    }
}
