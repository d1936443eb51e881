package io.kulta.testing.real;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestBinariesTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBuildThatHangsIsGivenUpAtItsTimeoutWhileItStillWritesOutput(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("hangs.sh");
        Files.writeString(script, "echo building >&2\necho partial\nsleep 120\n");

        assertThatThrownBy(() -> TestBinaries.locate(script, Duration.ofSeconds(1)))
                .isInstanceOf(TestBinaries.Unavailable.class)
                .hasMessageContaining("took longer than PT1S");
    }
}
