package io.kulta.playground;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The playground applies the examples and the CRD from the jar: they are those of the repository. */
class PackagedResourcesTest {

    @Test
    void theCrdAndEveryExampleAreOnTheClasspathAsCommitted() throws IOException {
        assertThat(packaged("kulta-deploy/crd.yaml")).isEqualTo(Files.readString(Path.of("deploy/crd.yaml")));
        try (Stream<Path> examples = Files.list(Path.of("examples"))) {
            for (Path example : examples.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                assertThat(packaged("kulta-examples/" + example.getFileName())).as("%s", example).isEqualTo(Files.readString(example));
            }
        }
    }

    @Test
    void everyScenarioAppliesAnExampleThatExists() {
        for (ScenarioName name : ScenarioName.values()) {
            assertThat(Path.of("examples", Scenarios.of(name).example())).as("%s", name.cliName()).isRegularFile();
        }
    }

    private static String packaged(String name) throws IOException {
        try (InputStream in = Resources.open(name)) {
            return new String(in.readAllBytes());
        }
    }
}
