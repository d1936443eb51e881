package io.kulta.playground;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code playground --scenario all}, in-process against the mock API: every scenario ends as SPEC.md says. */
class PlaygroundTest {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyScenarioEndsAsExpectedAndNoRequestFindsAnEmptyBackend() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PlaygroundOptions all = PlaygroundOptions.parse(List.of("--scenario", "all"));
        try (Playground playground = new Playground(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, false)) {
            int exit = playground.run();
            String printed = out.toString(StandardCharsets.UTF_8);
            System.out.println(printed);

            assertThat(playground.results()).extracting(ScenarioResult::scenario, ScenarioResult::actual).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("canary", "Completed, stable shop:2.0.0"),
                    org.assertj.core.groups.Tuple.tuple("bad-canary", "Failed, stable shop:1.0.0"),
                    org.assertj.core.groups.Tuple.tuple("blue-green", "Completed, stable checkout:2.0.0"),
                    org.assertj.core.groups.Tuple.tuple("ab-test", "Completed, stable storefront:2.0.0, winner B"),
                    org.assertj.core.groups.Tuple.tuple("abort", "Aborted, stable shop:1.0.0"));
            assertThat(playground.requestsToEmptyBackends()).as("from the first deployment on").isEmpty();
            assertThat(exit).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(printed).contains("all 5 scenarios ended as expected");
            assertThat(Files.readAllLines(playground.cluster().cdeventsFile()))
                    .as("the CDEvents a pipeline would receive").anyMatch(l -> l.contains("dev.cdevents.service.rolledback.0.2.0"));
            assertThat(Files.readAllLines(playground.cluster().occurrencesFile()))
                    .as("the FALSE occurrences").anyMatch(l -> l.contains("\"outcome\":\"failure\""));
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void withRealApiTheScenariosRunOnEtcdAndKubeApiserver() throws Exception {
        if (KubeBinaries.cached().isEmpty()) {
            if (io.kulta.testing.real.RealKubernetes.required())
                throw new AssertionError("no kube-apiserver and etcd in " + KubeBinaries.cacheDir() + ": run scripts/k8s-test-binaries.sh");
            Assumptions.abort(io.kulta.testing.real.RealKubernetes.SKIPPED + "no kube-apiserver and etcd binaries (scripts/k8s-test-binaries.sh)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PlaygroundOptions two = PlaygroundOptions.parse(List.of("--real-api", "--scenario", "canary,bad-canary"));
        try (Playground playground = new Playground(two, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, false)) {
            int exit = playground.run();
            System.out.println(out.toString(StandardCharsets.UTF_8));

            assertThat(playground.results()).extracting(ScenarioResult::scenario, ScenarioResult::actual).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("canary", "Completed, stable shop:2.0.0"),
                    org.assertj.core.groups.Tuple.tuple("bad-canary", "Failed, stable shop:1.0.0"));
            assertThat(playground.requestsToEmptyBackends()).isEmpty();
            assertThat(exit).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("kube-apiserver");
        }
    }
}
