package io.kulta.playground;

import io.kulta.core.Annotations;
import io.kulta.model.Phase;

import java.time.Duration;
import java.util.List;

/** The five scenarios of the playground. */
public final class Scenarios {
    static final Duration STEP_DEADLINE = Duration.ofSeconds(45);

    private Scenarios() {
    }

    public static Scenario of(ScenarioName name) {
        return switch (name) {
            case CANARY -> new Canary();
            case BAD_CANARY -> new BadCanary();
            case BLUE_GREEN -> new BlueGreen();
            case AB_TEST -> new AbTest();
            case ABORT -> new Abort();
        };
    }

    public static List<Scenario> of(List<ScenarioName> names) {
        return names.stream().map(Scenarios::of).toList();
    }

    /** examples/canary.yaml, healthy: the indefinite first pause is promoted, the timed ones run out, it completes. */
    static final class Canary implements Scenario {
        public ScenarioName name() { return ScenarioName.CANARY; }
        public String example() { return "canary.yaml"; }
        public String rollout() { return "kulta-demo"; }
        public String newImage() { return "ghcr.io/example/shop:2.0.0"; }
        public String expected() { return "Completed, stable shop:2.0.0"; }

        public void drive(ScenarioContext ctx) throws InterruptedException {
            if (ctx.awaitPhase(Phase.Paused, STEP_DEADLINE)) ctx.annotate(Annotations.PROMOTE, "true");
        }
    }

    /** examples/canary-analysis.yaml, the new image answering 20 % 5xx: analysis rolls it back (SPEC §4: phase Failed). */
    static final class BadCanary implements Scenario {
        public ScenarioName name() { return ScenarioName.BAD_CANARY; }
        public String example() { return "canary-analysis.yaml"; }
        public String rollout() { return "shop-analysed"; }
        public String newImage() { return "ghcr.io/example/shop:2.0.0-broken"; }
        public boolean analysed() { return true; }
        public String expected() { return "Failed, stable shop:1.0.0"; }

        public void prepare(ScenarioContext ctx) {
            ctx.traffic().behave(newImage(), new PodBehaviour(0.2, 0.02));
        }

        public void drive(ScenarioContext ctx) {
            // nothing: the analysis decides
        }
    }

    /** examples/blue-green.yaml: the preview is promoted by annotation. */
    static final class BlueGreen implements Scenario {
        public ScenarioName name() { return ScenarioName.BLUE_GREEN; }
        public String example() { return "blue-green.yaml"; }
        public String rollout() { return "checkout"; }
        public String newImage() { return "ghcr.io/example/checkout:2.0.0"; }
        public String expected() { return "Completed, stable checkout:2.0.0"; }

        public void drive(ScenarioContext ctx) throws InterruptedException {
            if (ctx.awaitPhase(Phase.Preview, STEP_DEADLINE)) ctx.annotate(Annotations.PROMOTE, "true");
        }
    }

    /** examples/ab-testing.yaml, A answering 10 % 5xx and B none: the experiment concludes for B, which is promoted. */
    static final class AbTest implements Scenario {
        public ScenarioName name() { return ScenarioName.AB_TEST; }
        public String example() { return "ab-testing.yaml"; }
        public String rollout() { return "storefront"; }
        public String newImage() { return "ghcr.io/example/storefront:2.0.0"; }
        public boolean analysed() { return true; }
        public String expected() { return "Completed, stable storefront:2.0.0, winner B"; }

        public void prepare(ScenarioContext ctx) {
            ctx.traffic().behave(ctx.image(), new PodBehaviour(0.1, 0.02));
        }

        public void drive(ScenarioContext ctx) throws InterruptedException {
            if (ctx.awaitPhase(Phase.Concluded, STEP_DEADLINE)) ctx.annotate(Annotations.PROMOTE, "true");
        }

        public String outcome(ScenarioContext ctx) {
            var experiment = ctx.status().abExperiment;
            String winner = experiment == null || experiment.winner == null ? "none" : String.valueOf(experiment.winner);
            return Scenario.super.outcome(ctx) + ", winner " + winner;
        }
    }

    /** examples/canary.yaml: kulta.io/abort at the first pause sends everything back to stable. */
    static final class Abort implements Scenario {
        public ScenarioName name() { return ScenarioName.ABORT; }
        public String example() { return "canary.yaml"; }
        public String rollout() { return "kulta-demo"; }
        public String newImage() { return "ghcr.io/example/shop:2.0.0"; }
        public String expected() { return "Aborted, stable shop:1.0.0"; }

        public void drive(ScenarioContext ctx) throws InterruptedException {
            if (ctx.awaitPhase(Phase.Paused, STEP_DEADLINE)) ctx.annotate(Annotations.ABORT, "true");
        }
    }
}
