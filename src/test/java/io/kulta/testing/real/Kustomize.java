package io.kulta.testing.real;

import io.kulta.playground.KubeBinaries;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubectl kustomize} of the test tier's kubectl (its built-in kustomize, the one {@code kubectl apply -k} uses).
 * Without the binaries the calling test fails: CI builds them first (scripts/k8s-test-binaries.sh).
 */
public final class Kustomize {

    private Kustomize() {
    }

    /** The objects {@code kubectl kustomize dir} renders, in its order (the order {@code kubectl apply -k} creates them). */
    public static List<HasMetadata> render(Path dir) {
        String yaml = renderYaml(dir);
        return Arrays.stream(yaml.split("(?m)^---$"))
                .filter(document -> !document.isBlank())
                .map(document -> (HasMetadata) Serialization.unmarshal(document))
                .toList();
    }

    /** The first rendered object of this type and name. */
    public static <T extends HasMetadata> Optional<T> find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    static String renderYaml(Path dir) {
        Path kubectl = binaries().kubectl();
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: " + err);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static KubeBinaries located;

    static synchronized KubeBinaries binaries() {
        if (located != null) {
            return located;
        }
        try {
            return located = TestBinaries.locate();
        } catch (TestBinaries.Unavailable e) {
            return Assertions.fail("kubectl of the test tier is needed to render deploy/ and is unavailable: "
                    + e.getMessage() + " (run scripts/k8s-test-binaries.sh)");
        }
    }
}
