package io.kulta.playground;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Prometheus process (Debian's {@code prometheus} package) on a free loopback port, scraping the given targets
 * every second, its config, data and log in a work directory. Closing it ends the process and its children; nothing
 * is registered globally, so the caller owns its lifetime; should this JVM die without closing it (SIGKILL), a
 * {@link ProcessWatchdog} ends it within seconds.
 */
public final class PrometheusProcess implements MetricsBackend {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Path binary;
    private final Path dir;
    private final int port;
    private final Process process;
    private final ProcessWatchdog watchdog;

    public PrometheusProcess(Path binary, Path workDir, List<String> targets) {
        this.binary = binary;
        this.dir = workDir;
        try {
            Files.createDirectories(dir);
            port = FreeLoopbackPort.any();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                    - job_name: app
                      honor_labels: true
                      static_configs:
                      - targets: [%s]
                    """.formatted(targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))));
            process = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        watchdog = ProcessWatchdog.ofThisJvm(null, List.of(process));
        try {
            awaitReady();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** The {@code prometheus} executable on the PATH, if there is one. */
    public static Optional<Path> onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, "prometheus");
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String description() {
        return "Prometheus " + version() + " (" + binary + "), scraping every 1s; data and log in " + dir;
    }

    /** Ends it (and anything it started), as if Prometheus went down. */
    public void stop() {
        watchdog.close();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** "2.42.0+ds" from {@code prometheus --version}, or "(version unknown)". */
    private String version() {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            var m = java.util.regex.Pattern.compile("version (\\S+)").matcher(out);
            return m.find() ? m.group(1) : "(version unknown)";
        } catch (IOException e) {
            return "(version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(version unknown)";
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for prometheus", e);
            }
            if (!process.isAlive()) throw new IllegalStateException("prometheus exited; see " + dir.resolve("prometheus.log"));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for prometheus", e);
            }
        }
        throw new IllegalStateException("prometheus not ready after " + READY_TIMEOUT.toSeconds() + " s; see " + dir.resolve("prometheus.log"));
    }

}
