package io.kulta.playground;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code java -jar kulta.jar playground}: the embedded cluster, the scenarios run concurrently (one namespace each),
 * the live view or the transition lines while they run, the summary, and with --keep everything left running.
 * {@link #close} (also from a shutdown hook) stops all of it.
 */
public final class Playground implements AutoCloseable {
    static final long VIEW_MILLIS = 500;

    private final PlaygroundOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean tty;
    private final boolean logsToFile;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile PlaygroundCluster cluster;
    private final List<ScenarioResult> results = new ArrayList<>();
    private final List<String> requestsToEmptyBackends = new ArrayList<>();

    /**
     * @param tty        redraw the live view (else one line per transition)
     * @param logsToFile send log4j's output to the work directory's kulta.log (the jar; an in-process test keeps its own)
     */
    public Playground(PlaygroundOptions options, PrintStream out, PrintStream err, boolean tty, boolean logsToFile) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.tty = tty;
        this.logsToFile = logsToFile;
    }

    /** Runs the scenarios (and with --keep blocks until closed); 0 when every scenario ended as expected, 2 on bad input. */
    public int run() throws Exception {
        KubeBinaries realApi = null;
        if (options.realApi()) {
            java.util.Optional<KubeBinaries> built = KubeBinaries.cached();
            if (built.isEmpty()) {
                err.println("kulta: --real-api needs kube-apiserver and etcd built by scripts/k8s-test-binaries.sh; none found under "
                        + KubeBinaries.cacheDir() + " (KULTA_K8S_CACHE)");
                return 2;
            }
            realApi = built.get();
        }
        if (options.port() != 0 && !FreeLoopbackPort.isFree(options.port())) {
            err.println("kulta: port " + options.port() + " is in use; pick another with --port, or leave --port out for a free one");
            return 2;
        }
        Path workDir = Files.createTempDirectory("kulta-playground-");
        if (logsToFile) PlaygroundLogs.toFile(workDir.resolve("kulta.log"));
        List<Scenario> scenarios = Scenarios.of(options.scenarios());
        out.println("KULTA playground: " + scenarios.stream().map(s -> s.name().cliName()).collect(Collectors.joining(", ")));
        out.println("  logs:         " + workDir.resolve("kulta.log"));
        synchronized (this) {
            if (closed.getCount() == 0) return 1;
            cluster = PlaygroundCluster.start(workDir, scenarios.stream().map(ScenarioRun::namespace).toList(),
                    scenarios.stream().filter(Scenario::analysed).map(ScenarioRun::namespace).collect(Collectors.toSet()),
                    options.port(), realApi);
        }
        printEndpoints();
        List<ScenarioRun> runs = scenarios.stream().map(s -> new ScenarioRun(s, cluster)).toList();
        List<ScenarioResult> ended = runAll(runs);
        synchronized (results) {
            results.addAll(ended);
        }
        out.print(SummaryTable.render(ended));
        List<String> empty = runs.stream().flatMap(r -> r.requestsToEmptyBackends().stream()).toList();
        synchronized (results) {
            requestsToEmptyBackends.addAll(empty);
        }
        if (!empty.isEmpty()) out.println("requests that found no ready pod during a rollout: " + empty.size() + ", first: " + empty.get(0));
        for (String metrics : cluster.metricsDescriptions()) out.println("metrics backend: " + metrics);
        boolean ok = ended.stream().allMatch(ScenarioResult::asExpected) && empty.isEmpty();
        if (options.keep()) keepRunning(scenarios);
        return ok ? 0 : 1;
    }

    private void printEndpoints() {
        String http = cluster.httpUrl();
        out.println("  API server:   " + cluster.api().description());
        out.println("  controller:   " + http + "/healthz  " + http + "/readyz  " + http + "/metrics");
        out.println("  consoles:     " + http + "/q/dev  " + http + "/observe/jolokia");
        out.println("  CDEvents:     " + cluster.cdeventsFile());
        out.println("  FALSE:        " + cluster.occurrencesFile());
        for (String metrics : cluster.metricsDescriptions()) out.println("  metrics:      " + metrics);
    }

    public List<ScenarioResult> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    public PlaygroundCluster cluster() {
        return cluster;
    }

    /** Every request that found no ready pod from the first deployment's completion on, in any scenario. */
    public List<String> requestsToEmptyBackends() {
        synchronized (results) {
            return List.copyOf(requestsToEmptyBackends);
        }
    }

    private List<ScenarioResult> runAll(List<ScenarioRun> scenarioRuns) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(scenarioRuns.size(), r -> {
            Thread t = new Thread(r, "playground-scenario");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Scenario, ScenarioRun> runs = new java.util.LinkedHashMap<>();
            List<Future<ScenarioResult>> futures = new ArrayList<>();
            for (ScenarioRun run : scenarioRuns) {
                runs.put(run.scenario(), run);
                futures.add(pool.submit(() -> runSafely(run.scenario(), run)));
            }
            watch(runs, futures);
            List<ScenarioResult> ended = new ArrayList<>();
            for (Future<ScenarioResult> f : futures) ended.add(f.get());
            return ended;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A scenario that throws has ended too: its outcome says how. */
    private static ScenarioResult runSafely(Scenario s, ScenarioRun run) {
        long start = System.nanoTime();
        try {
            return run.run();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return new ScenarioResult(s.name().cliName(), s.expected(), "error: " + e, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Until every scenario has ended: the live view every {@value #VIEW_MILLIS} ms, or a line per transition. */
    private void watch(Map<Scenario, ScenarioRun> runs, List<Future<ScenarioResult>> futures) throws InterruptedException {
        long start = System.nanoTime();
        Map<Scenario, RolloutSnapshot> last = new HashMap<>();
        Map<Scenario, io.fabric8.kubernetes.client.KubernetesClient> clients = new HashMap<>();
        runs.keySet().forEach(s -> clients.put(s, cluster.client(ScenarioRun.namespace(s))));
        boolean done;
        do {
            done = futures.stream().allMatch(Future::isDone);
            String header = futures.stream().filter(Future::isDone).count() + "/" + futures.size() + " scenarios ended";
            double elapsed = (System.nanoTime() - start) / 1e9;
            List<RolloutSnapshot> now = new ArrayList<>();
            for (var e : runs.entrySet()) {
                try {
                    RolloutSnapshot snapshot = SnapshotReader.read(e.getKey(), e.getValue().context(), clients.get(e.getKey()));
                    now.add(snapshot);
                    if (!tty) {
                        String line = TransitionLines.line(last.get(e.getKey()), snapshot, elapsed);
                        if (line != null) out.println(line);
                    }
                    last.put(e.getKey(), snapshot);
                } catch (RuntimeException ex) {
                    if (closed.getCount() == 0) return;
                }
            }
            if (tty) out.print(LiveView.render(now, elapsed, header));
            out.flush();
            if (!done) Thread.sleep(VIEW_MILLIS);
        } while (!done);
    }

    private void keepRunning(List<Scenario> scenarios) throws Exception {
        Path kubeconfig = cluster.api().kubeconfig(cluster.workDir().resolve("kubeconfig"), ScenarioRun.namespace(scenarios.get(0)));
        Scenario first = scenarios.get(0);
        String k = "kubectl --kubeconfig " + kubeconfig;
        String ns = " -n " + ScenarioRun.namespace(first) + " ";
        out.println();
        out.println("Everything keeps running (Ctrl-C stops it). Kubeconfig: " + kubeconfig);
        out.println("  " + k + " get rollouts -A");
        out.println("  " + k + ns + "patch rollout " + first.rollout()
                + " --type json -p '[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"" + first.newImage().replace("2.0.0", "3.0.0") + "\"}]'");
        out.println("  " + k + ns + "annotate rollout " + first.rollout() + " kulta.io/promote=true");
        out.println("  " + k + ns + "get events");
        out.flush();
        closed.await();
    }

    /** Stops everything the playground started, once; safe from a shutdown hook while {@link #run} is still going. */
    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) return;
        closed.countDown();
        if (cluster != null) cluster.close();
    }
}
