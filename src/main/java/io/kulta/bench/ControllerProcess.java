package io.kulta.bench;

import io.kulta.playground.FreeLoopbackPort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The controller alone, as its container runs it: {@code java -jar kulta.jar run} in a JVM of its own with the JVM
 * flags of deploy/controller/controller.yaml and a container memory limit ({@code -XX:MaxRAM}), pointed at the
 * benchmark's API by KUBECONFIG. What it measures — RSS, heap after GC, CPU — is the controller's and nothing else's.
 */
final class ControllerProcess implements AutoCloseable {
    /** deploy/controller/controller.yaml's limit, for fleets up to 1,000 Rollouts. */
    static final int DEFAULT_MEMORY_LIMIT_MIB = 512;
    /** The limit README tells a larger fleet to set: the heap (75 % of it) holds 10,000 Rollouts. */
    static final int LARGE_FLEET_MEMORY_LIMIT_MIB = 1536;
    static final int LARGE_FLEET_FROM = 1001;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);
    private static final double MIB = 1024 * 1024;

    private final Process process;
    private final int port;
    private final Path log;
    private final double startupToReadySeconds;

    private ControllerProcess(Process process, int port, Path log, double startupToReadySeconds) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startupToReadySeconds = startupToReadySeconds;
    }

    /** The container's memory limit for a fleet of this size. */
    static int memoryLimitMiB(int rollouts) {
        return rollouts >= LARGE_FLEET_FROM ? LARGE_FLEET_MEMORY_LIMIT_MIB : DEFAULT_MEMORY_LIMIT_MIB;
    }

    /** The container's JVM flags (deploy/controller/controller.yaml) under a memory limit. */
    static List<String> jvmFlags(int memoryLimitMiB) {
        return List.of("-XX:MaxRAM=" + memoryLimitMiB + "m", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
    }

    /** Starts it and returns once /readyz answers 200; {@code env} adds KULTA_* settings. */
    static ControllerProcess start(Path kubeconfig, String namespace, List<String> jvmFlags, Map<String, String> env, Path log)
            throws IOException {
        int port = FreeLoopbackPort.any();
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.kulta.KultaMain", "run"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.remove("JAVA_TOOL_OPTIONS");
        environment.put("KUBECONFIG", kubeconfig.toString());
        environment.put("KULTA_NAMESPACE", namespace);
        environment.put("KULTA_HTTP_PORT", String.valueOf(port));
        environment.put("KULTA_LEADER_ELECTION", "true");
        environment.put("POD_NAME", "kulta-bench-alone");
        environment.put("POD_NAMESPACE", namespace);
        environment.put("KULTA_CLI_CONNECTOR_ENABLED", "false");
        environment.put("KULTA_JOLOKIA_ENABLED", "false");
        environment.put("KULTA_DEV_CONSOLE_ENABLED", "false");
        environment.putAll(env);
        Files.createDirectories(log.getParent());
        long start = System.nanoTime();
        Process process = builder.start();
        HttpClient http = HttpClient.newHttpClient();
        URI readyz = URI.create("http://127.0.0.1:" + port + "/readyz");
        try {
            Waits.until("the controller process's /readyz to answer 200", READY_TIMEOUT,
                    () -> !process.isAlive() || ControllerUnderTest.ready(http, readyz),
                    () -> "not ready; its log: " + log);
            if (!process.isAlive())
                throw new IllegalStateException("the controller process exited with " + process.exitValue() + "; its log: " + log);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return new ControllerProcess(process, port, log, (System.nanoTime() - start) / 1e9);
    }

    /** kulta.trafficSettleSeconds → KULTA_TRAFFIC_SETTLE_SECONDS: properties as the environment KultaMain reads them from. */
    static Map<String, String> environment(Map<String, String> properties) {
        Map<String, String> env = new java.util.TreeMap<>();
        properties.forEach((name, value) -> env.put(
                "KULTA_" + name.substring("kulta.".length()).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT), value));
        return env;
    }

    double startupToReadySeconds() {
        return startupToReadySeconds;
    }

    /** Its resident set size (VmRSS), in MiB. */
    double rssMiB() {
        return ProcessFigures.rssMiB(String.valueOf(process.pid()));
    }

    /** CPU seconds it has used so far, all threads; -1 where the OS does not say. */
    double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    }

    /** jcmd GC.class_histogram into {@code to} (what fills the heap, by class); false without jcmd. */
    boolean writeClassHistogram(Path to) throws IOException, InterruptedException {
        return jcmd("GC.class_histogram", ProcessBuilder.Redirect.to(to.toFile()));
    }

    /** Heap in use after a full collection (jcmd GC.run, then its own /metrics), in MiB; -1 without jcmd. */
    double heapAfterGcMiB() throws IOException, InterruptedException {
        if (!jcmd("GC.run", ProcessBuilder.Redirect.DISCARD)) return -1;
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / MIB;
    }

    /** jcmd's command on this process, its output to {@code output}; false without jcmd or after 60 s without an end. */
    private boolean jcmd(String command, ProcessBuilder.Redirect output) throws IOException, InterruptedException {
        Path jcmd = Path.of(javaCommand()).resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) return false;
        Process run = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), command)
                .redirectErrorStream(true).redirectOutput(output).start();
        if (!run.waitFor(60, TimeUnit.SECONDS)) {
            run.destroyForcibly();
            return false;
        }
        return true;
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** SIGTERM, as Kubernetes stops it; killed if it has not exited within 40 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        if (process.exitValue() != 0 && process.exitValue() != 143)
            throw new UncheckedIOException(new IOException("the controller process exited with " + process.exitValue() + "; its log: " + log));
    }
}
