package io.kulta.playground;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;

/**
 * Runs one scenario in its namespace: applies its example (durations compressed, analysis pointed at the namespace's
 * metrics backend), waits for the first deployment, changes the image, lets the scenario drive, and waits for the
 * expected outcome until a deadline.
 */
public final class ScenarioRun {
    static final Duration FIRST_DEPLOYMENT_DEADLINE = Duration.ofSeconds(45);
    static final Duration OUTCOME_DEADLINE = Duration.ofSeconds(90);

    private final Scenario scenario;
    private final KubernetesClient client;
    private final ScenarioContext ctx;
    private final MetricsBackend metrics;
    private volatile int emptyBeforeRollout = Integer.MAX_VALUE;

    public ScenarioRun(Scenario scenario, PlaygroundCluster cluster) {
        this.scenario = scenario;
        String ns = namespace(scenario);
        this.client = cluster.client(ns);
        this.ctx = new ScenarioContext(client, cluster.traffic(ns), scenario.rollout());
        this.metrics = cluster.metrics(ns);
    }

    /** Each scenario's namespace: its name. */
    public static String namespace(Scenario scenario) {
        return scenario.name().cliName();
    }

    /**
     * The requests that found no ready pod since the first deployment completed (before it, the app had no pods yet and
     * the Services still selected by KULTA's type label: that is the user's starting point, not a rollout).
     */
    public List<String> requestsToEmptyBackends() {
        List<String> all = ctx.traffic().requestsToEmptyBackends();
        return all.subList(Math.min(emptyBeforeRollout, all.size()), all.size());
    }

    public Scenario scenario() {
        return scenario;
    }

    public ScenarioContext context() {
        return ctx;
    }

    public ScenarioResult run() throws Exception {
        long start = System.nanoTime();
        apply();
        boolean deployed = ctx.awaitPhase(Phase.Completed, FIRST_DEPLOYMENT_DEADLINE);
        emptyBeforeRollout = ctx.traffic().requestsToEmptyBackends().size();
        if (!deployed) return result(start, "first deployment not Completed: " + scenario.outcome(ctx));
        scenario.prepare(ctx);
        ctx.setImage(scenario.newImage());
        scenario.drive(ctx);
        ctx.awaitRollout(r -> scenario.expected().equals(scenario.outcome(ctx)) || settled(r), OUTCOME_DEADLINE);
        return result(start, scenario.outcome(ctx));
    }

    /** Done with the latest spec, in a phase only a user's action ends: waiting longer changes nothing. */
    static boolean settled(Rollout r) {
        return r.getStatus() != null && java.util.Objects.equals(r.getStatus().observedGeneration, r.getMetadata().getGeneration())
                && java.util.Set.of(Phase.Completed, Phase.Failed, Phase.Aborted).contains(r.getStatus().phase);
    }

    private ScenarioResult result(long start, String actual) {
        return new ScenarioResult(scenario.name().cliName(), scenario.expected(), actual, (System.nanoTime() - start) / 1e9);
    }

    /** kubectl apply -f examples/FILE, with the playground's clock and metrics. */
    private void apply() throws IOException {
        List<HasMetadata> items;
        try (InputStream in = Resources.open("kulta-examples/" + scenario.example())) {
            items = new java.util.ArrayList<>(client.load(in).items());
        }
        // the Rollout last, so it finds its Services and route at once
        items.sort(java.util.Comparator.comparing(item -> "Rollout".equals(item.getKind())));
        for (HasMetadata item : items) {
            HasMetadata object = "Rollout".equals(item.getKind()) ? forPlayground(asRollout(item)) : item;
            client.resource(object).create();
        }
    }

    private Rollout asRollout(HasMetadata item) {
        return item instanceof Rollout r ? r : client.getKubernetesSerialization().convertValue(item, Rollout.class);
    }

    private Rollout forPlayground(Rollout rollout) {
        TimeCompression.compress(rollout);
        if (metrics != null) pointAnalysisAt(rollout.getSpec().strategy, metrics.url());
        return rollout;
    }

    /** The example's Prometheus address is a cluster's; here it is the namespace's metrics backend. */
    static void pointAnalysisAt(RolloutStrategy s, String url) {
        AnalysisConfig.PrometheusConfig prometheus = new AnalysisConfig.PrometheusConfig();
        prometheus.address = url;
        if (s.canary != null && s.canary.analysis != null) s.canary.analysis.prometheus = prometheus;
        if (s.blueGreen != null && s.blueGreen.analysis != null) s.blueGreen.analysis.prometheus = prometheus;
        if (s.simple != null && s.simple.analysis != null) s.simple.analysis.prometheus = prometheus;
        if (s.abTesting != null && s.abTesting.analysis != null) s.abTesting.analysis.prometheus = prometheus;
    }
}
