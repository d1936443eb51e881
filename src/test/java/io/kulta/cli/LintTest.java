package io.kulta.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lint FILE...}: every example passes; each broken manifest of the corpus fails with field paths and lines. */
class LintTest {
    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static Stream<Path> brokenManifests() throws IOException {
        try (Stream<Path> files = Files.list(Golden.DIR.resolve("bad"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleHasNoError(Path example) {
        CliRun run = CliRun.offline("lint", example.toString());

        assertThat(run.out()).isEqualTo(example + ": ok\n0 errors in 1 file\n");
        assertThat(run.code()).isZero();
    }

    @ParameterizedTest
    @MethodSource("brokenManifests")
    void aBrokenManifestFailsWithFieldPathsAndLines(Path manifest) {
        CliRun run = CliRun.offline("lint", manifest.toString());

        assertThat(run.code()).as(run.out()).isEqualTo(Cli.FAILED);
        assertThat(run.out()).containsPattern(manifest + ":\\d+: ");
        Golden.assertMatches("lint-" + manifest.getFileName().toString().replace(".yaml", ".txt"), run.out());
    }

    @Test
    void severalFilesAreCountedTogether() {
        CliRun run = CliRun.offline("lint", "examples/canary.yaml", Golden.DIR.resolve("bad/canary-steps.yaml").toString());

        assertThat(run.code()).isEqualTo(Cli.FAILED);
        assertThat(run.out()).contains("examples/canary.yaml: ok").containsPattern("\\d+ errors? in 2 files\n$");
    }

    @Test
    void aMissingFileIsAnErrorNotACrash() {
        CliRun run = CliRun.offline("lint", "no/such/file.yaml");

        assertThat(run.code()).isEqualTo(Cli.FAILED);
        assertThat(run.out()).startsWith("no/such/file.yaml: cannot read");
    }
}
