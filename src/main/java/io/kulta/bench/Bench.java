package io.kulta.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.Config;
import io.kulta.playground.KubeBinaries;
import io.kulta.playground.PlaygroundLogs;
import io.kulta.playground.PrometheusProcess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code java -jar kulta.jar bench ...}: measures the controller against the physical limit of the API it runs on, for
 * each tier and fleet size, and writes a Markdown table (stdout) and results.json. Exit 0; 1 when {@code --smoke} finds
 * writes beyond the minimum or on resync; 2 for bad options or a missing real API tier.
 */
public final class Bench {
    private Bench() {
    }

    public static int run(String... args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("kulta bench: " + e.getMessage());
            return 2;
        }
        Optional<KubeBinaries> binaries = KubeBinaries.cached();
        if (options.tiers().contains("real") && binaries.isEmpty()) {
            System.err.println("kulta bench: no kube-apiserver and etcd in " + KubeBinaries.cacheDir()
                    + "; build them with scripts/k8s-test-binaries.sh, or run only the mock tier with --tier mock");
            return 2;
        }
        Path out = Path.of(options.out());
        Files.createDirectories(out);
        PlaygroundLogs.toFile(out.resolve("kulta.log").toAbsolutePath());
        System.out.println("bench: the controller's logs go to " + out.resolve("kulta.log").toAbsolutePath());
        String startedAt = Instant.now().toString();
        int workers = workers();
        List<SizeResult> results = new ArrayList<>();
        Map<String, Object> clientSettings = Map.of();
        Optional<Path> prometheusBinary = PrometheusProcess.onPath();
        if (prometheusBinary.isEmpty()) System.err.println("bench: no prometheus on the PATH: the analysis figures are left out");
        for (String tierName : options.tiers()) {
            for (int size : options.sizes()) {
                try (BenchTier tier = tierName.equals("real") ? new RealTier(binaries.orElseThrow(), out.resolve("logs")) : new MockTier();
                     PrometheusProcess prometheus = prometheusBinary.map(b -> new PrometheusProcess(b,
                             out.resolve("prometheus-" + tierName + "-" + size).toAbsolutePath(), List.of())).orElse(null)) {
                    clientSettings = clientSettings(tier.productionConfig(), workers);
                    results.add(new SizeRun(tier, size, options.repetitionsAt(size), options.changes(), options.resyncSecondsAt(size),
                            workers, prometheus, out.resolve("logs"), options.allPhasesAt(size)).run());
                }
                write(out, startedAt, clientSettings, options.smoke(), results); // what is measured survives a later failure
            }
        }
        List<String> failures = options.smoke() ? SmokeCheck.failures(results) : List.of();
        Path json = write(out, startedAt, clientSettings, options.smoke(), results);
        System.out.println(MarkdownReport.table(results));
        System.out.println("Every figure from one run of this process (" + Machine.current().cores() + " cores); all of them: " + json);
        failures.forEach(f -> System.out.println("smoke: " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    private static Path write(Path out, String startedAt, Map<String, Object> clientSettings, boolean smoke,
                              List<SizeResult> results) throws IOException {
        List<String> failures = smoke ? SmokeCheck.failures(results) : List.of();
        Path json = out.resolve("results.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(),
                new BenchResults(startedAt, Machine.current(), clientSettings, smoke, List.copyOf(results), failures));
        return json;
    }

    /** kulta.workers as the controller reads it: KULTA_WORKERS, else application.properties. */
    static int workers() throws IOException {
        String env = System.getenv("KULTA_WORKERS");
        if (env != null && !env.isBlank()) return Integer.parseInt(env.trim());
        Properties defaults = new Properties();
        try (InputStream in = Bench.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) defaults.load(in);
        }
        return Integer.parseInt(defaults.getProperty("kulta.workers", "4").trim());
    }

    private static Map<String, Object> clientSettings(Config config, int workers) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("workers", workers);
        settings.put("maxConcurrentRequests", config.getMaxConcurrentRequests());
        settings.put("maxConcurrentRequestsPerHost", config.getMaxConcurrentRequestsPerHost());
        settings.put("requestTimeoutMillis", config.getRequestTimeout());
        settings.put("connectionTimeoutMillis", config.getConnectionTimeout());
        settings.put("requestRetryBackoffLimit", config.getRequestRetryBackoffLimit());
        return settings;
    }
}
