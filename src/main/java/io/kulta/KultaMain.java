package io.kulta;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kulta.bench.Bench;
import io.kulta.bench.BenchOptions;
import io.kulta.cli.KultaCli;
import io.kulta.playground.Playground;
import io.kulta.playground.PlaygroundOptions;

import sun.misc.Signal;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar kulta.jar [run]}: the controller against the cluster of the kubeconfig (or the
 * in-cluster service account). KULTA_* environment variables become kulta.* properties.
 * {@code java -jar kulta.jar playground ...}: the controller against an embedded cluster, running scenarios.
 * {@code java -jar kulta.jar get rollout NAME} and the other kubectl-kulta verbs: see {@link KultaCli}.
 */
public final class KultaMain {
    /** camel.main.shutdownTimeout (20 s) plus the Lease release and the client closing. */
    static final int HARD_STOP_SECONDS = 30;

    static final String USAGE = "java -jar kulta.jar [run] | " + PlaygroundOptions.USAGE.substring("java -jar kulta.jar ".length())
            + " | " + BenchOptions.USAGE + " | java -jar kulta.jar <get|promote|abort|retry|undo|restart|set|status|lint|plan> ... (--help)";

    private KultaMain() {
    }

    /** The playground's exit code: 0 every scenario as expected, 1 not, 2 a command line or port it cannot use. */
    static int playground(List<String> args) throws Exception {
        PlaygroundOptions options;
        try {
            options = PlaygroundOptions.parse(args);
        } catch (PlaygroundOptions.Invalid e) {
            System.err.println("kulta: " + e.getMessage());
            return 2;
        }
        Playground playground = new Playground(options, System.out, System.err, System.console() != null, true);
        // Ctrl-C or SIGTERM: everything the playground started stops before the JVM exits
        Runtime.getRuntime().addShutdownHook(new Thread(playground::close, "kulta-playground-stop"));
        try {
            return playground.run();
        } finally {
            playground.close();
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "run" : args[0];
        if (mode.equals("playground")) {
            System.exit(playground(List.of(args).subList(1, args.length)));
        }
        if (mode.equals("bench")) System.exit(Bench.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        if (KultaCli.VERBS.contains(mode) || mode.equals("--help") || mode.equals("help")) System.exit(KultaCli.main(mode.equals("help") ? new String[]{"--help"} : args));
        if (!mode.equals("run")) {
            System.err.println("kulta: unknown mode '" + mode + "'; usage: " + USAGE);
            System.exit(2);
        }
        Map<String, String> properties = properties(System.getenv());
        KubernetesClient client = new KubernetesClientBuilder().build();
        Optional<KultaApp> app = createIfClusterServes(client, properties, System.err);
        if (app.isEmpty()) {
            client.close();
            System.exit(1);
        }
        stopGracefullyOnSigterm(app.get());
        app.get().run();
    }

    /**
     * The controller, if the API server lists Rollouts for it; otherwise one line on {@code err} saying what to install
     * or grant, and nothing created, so nothing is written to the cluster.
     */
    static Optional<KultaApp> createIfClusterServes(KubernetesClient client, Map<String, String> properties, PrintStream err) {
        ClusterCheck.Result check = ClusterCheck.verify(client, properties.get("kulta.namespace"));
        if (!check.ok()) {
            err.println("kulta: " + check.message());
            return Optional.empty();
        }
        return Optional.of(KultaApp.create(client, true, properties, Map.of()));
    }

    /**
     * SIGTERM (Kubernetes stopping the Pod): Camel stops taking work, finishes in-flight reconciles and drains the event
     * buffers within camel.main.shutdownTimeout, then its services stop — the Lease is released last, so a follower
     * takes over at once — and the process exits 0. A second SIGTERM, or {@value #HARD_STOP_SECONDS} s, ends it at once.
     */
    private static void stopGracefullyOnSigterm(KultaApp app) {
        AtomicBoolean stopping = new AtomicBoolean();
        Signal.handle(new Signal("TERM"), signal -> {
            if (!stopping.compareAndSet(false, true)) {
                System.err.println("kulta: second SIGTERM, exiting now");
                Runtime.getRuntime().halt(1);
            }
            daemon("kulta-hard-stop", () -> {
                sleep(HARD_STOP_SECONDS * 1000L);
                System.err.println("kulta: not stopped after " + HARD_STOP_SECONDS + " s, exiting now");
                Runtime.getRuntime().halt(1);
            });
            daemon("kulta-stop", () -> {
                try {
                    app.close();
                } catch (Exception e) {
                    System.err.println("kulta: stop failed: " + e);
                    Runtime.getRuntime().halt(1);
                }
                System.exit(0);
            });
        });
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** KULTA_RESYNC_SECONDS=10 → kulta.resyncSeconds=10; POD_NAME → kulta.podName. */
    static Map<String, String> properties(Map<String, String> env) {
        Map<String, String> props = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KULTA_")) props.put("kulta." + camelCase(name.substring(6)), value);
        });
        if (env.containsKey("POD_NAME")) props.put("kulta.podName", env.get("POD_NAME"));
        if (env.containsKey("POD_NAMESPACE")) props.put("kulta.podNamespace", env.get("POD_NAMESPACE"));
        return props;
    }

    static String camelCase(String snake) {
        StringBuilder out = new StringBuilder();
        for (String part : snake.toLowerCase().split("_")) {
            if (part.isEmpty()) continue;
            out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }
}
