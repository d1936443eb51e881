package io.kulta.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Output compared with a file under src/test/resources/cli/. After an intended change of the output, rewrite them with
 * {@code ./mvnw -B -q test -Dtest='io.kulta.cli.*Test' -Dkulta.updateGolden=true} and review the diff.
 */
final class Golden {
    static final Path DIR = Path.of("src/test/resources/cli");

    private Golden() {
    }

    static void assertMatches(String name, String actual) {
        Path file = DIR.resolve(name);
        try {
            if (Boolean.getBoolean("kulta.updateGolden")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
            }
            assertThat(file).as("golden file %s (rewrite with -Dkulta.updateGolden=true)", file).exists();
            assertThat(actual).as("output against %s", file).isEqualTo(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
