package io.kulta.core;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.kulta.model.BlueGreenStrategy;
import io.kulta.model.CanaryStep;
import io.kulta.model.CanaryStrategy;
import io.kulta.model.Pause;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutSpec;
import io.kulta.model.RolloutStatus;
import io.kulta.model.RolloutStrategy;
import io.kulta.model.SimpleStrategy;
import io.kulta.model.TrafficRouting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Small builders for Rollouts, so a test reads like its specification:
 * {@code canary("shop").replicas(5).steps(setWeight(20), pause(), setWeight(50), pause("5m")).image("shop:v2")},
 * {@code blueGreen("shop").previewReplicaCount(2).autoPromotion(false)}, {@code simple("shop").maxSurge("1")}.
 * Defaults: namespace "default", selector and template label app=name, one container named after
 * the app running image name:v1, Services name-stable / name-canary (blue-green: name-active /
 * name-preview), no traffic routing.
 */
final class Rollouts {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private Rollouts() {
    }

    static Builder canary(String name) {
        return new Builder(name, "canary");
    }

    static Builder blueGreen(String name) {
        return new Builder(name, "blueGreen").services(name + "-active", name + "-preview");
    }

    /**
     * Variant Services name-a / name-b, HTTPRoute name-route, B matched by header X-Variant: b and cookie
     * variant=b, analysis minDuration 5m, maxDuration 1h; tune the rest with {@link Builder#ab}.
     */
    static Builder abTesting(String name) {
        return new Builder(name, "abTesting").services(name + "-a", name + "-b").httpRoute(name + "-route");
    }

    static Builder simple(String name) {
        return new Builder(name, "simple");
    }

    static CanaryStep setWeight(int weight) {
        return new CanaryStep(weight, null);
    }

    /** An indefinite pause: waits for kulta.io/promote=true. */
    static CanaryStep pause() {
        return new CanaryStep(null, new Pause());
    }

    static CanaryStep pause(String duration) {
        return new CanaryStep(null, new Pause(duration));
    }

    /** One step with both a weight and a pause (null duration: indefinite), as in examples/canary.yaml. */
    static CanaryStep step(int weight, String pauseDuration) {
        return new CanaryStep(weight, new Pause(pauseDuration));
    }

    /** The revision (pod-template-hash) of a Rollout's template. */
    static String revisionOf(Rollout rollout) {
        return RevisionHash.of(rollout.getSpec().template);
    }

    /** A status in the middle of a canary: stable, canary, step and applied weight. */
    static RolloutStatus canaryStatus(String stable, String canary, int step, int weight) {
        RolloutStatus s = new RolloutStatus();
        s.phase = Phase.Progressing;
        s.stableRevision = stable;
        s.canaryRevision = canary;
        s.currentStepIndex = step;
        s.currentWeight = weight;
        return s;
    }

    /** A status with everything on one stable revision. */
    static RolloutStatus stableStatus(String stable) {
        RolloutStatus s = new RolloutStatus();
        s.phase = Phase.Completed;
        s.stableRevision = stable;
        s.currentWeight = 100;
        return s;
    }

    static final class Builder {
        private final String name;
        private final String strategy;
        private String app;
        private int replicas = 1;
        private String image;
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private List<CanaryStep> steps = List.of(setWeight(50));
        private String stableService;
        private String canaryService;
        private String httpRoute;
        private Integer port;
        private RolloutStatus status;
        private long generation = 1;
        private final BlueGreenStrategy blueGreen = new BlueGreenStrategy();
        private final List<Consumer<RolloutSpec>> tweaks = new ArrayList<>();

        private Builder(String name, String strategy) {
            this.name = name;
            this.strategy = strategy;
            this.app = name;
            this.image = name + ":v1";
            this.stableService = name + "-stable";
            this.canaryService = name + "-canary";
        }

        /** The app label of selector and template, and the container's name (default: the Rollout's name). */
        Builder app(String app) {
            this.app = app;
            return this;
        }

        Builder replicas(int replicas) {
            this.replicas = replicas;
            return this;
        }

        Builder steps(CanaryStep... steps) {
            this.steps = new ArrayList<>(List.of(steps));
            return this;
        }

        Builder image(String image) {
            this.image = image;
            return this;
        }

        Builder services(String stable, String canary) {
            this.stableService = stable;
            this.canaryService = canary;
            return this;
        }

        Builder httpRoute(String route) {
            this.httpRoute = route;
            return this;
        }

        Builder port(int port) {
            this.port = port;
            return this;
        }

        Builder previewReplicaCount(int count) {
            blueGreen.previewReplicaCount = count;
            return this;
        }

        /** autoPromotionEnabled and autoPromotionSeconds (null: not set). */
        Builder autoPromotion(boolean enabled, Integer seconds) {
            blueGreen.autoPromotionEnabled = enabled;
            blueGreen.autoPromotionSeconds = seconds;
            return this;
        }

        Builder scaleDownDelaySeconds(int seconds) {
            blueGreen.scaleDownDelaySeconds = seconds;
            return this;
        }

        /** Adjusts the abTesting strategy the builder made. */
        Builder ab(Consumer<io.kulta.model.AbTestingStrategy> tweak) {
            return spec(s -> tweak.accept(s.strategy.abTesting));
        }

        Builder maxSurge(String maxSurge) {
            return spec(s -> s.maxSurge = new io.fabric8.kubernetes.api.model.IntOrString(maxSurge));
        }

        Builder maxSurge(int maxSurge) {
            return spec(s -> s.maxSurge = new io.fabric8.kubernetes.api.model.IntOrString(maxSurge));
        }

        Builder maxUnavailable(String maxUnavailable) {
            return spec(s -> s.maxUnavailable = new io.fabric8.kubernetes.api.model.IntOrString(maxUnavailable));
        }

        Builder annotate(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        Builder status(RolloutStatus status) {
            this.status = status;
            return this;
        }

        Builder generation(long generation) {
            this.generation = generation;
            return this;
        }

        /** For specs the other methods cannot express (invalid ones mostly); applied last. */
        Builder spec(Consumer<RolloutSpec> tweak) {
            tweaks.add(tweak);
            return this;
        }

        /** The revision this builder's template hashes to. */
        String revision() {
            return RevisionHash.of(template());
        }

        Rollout build() {
            Rollout r = new Rollout();
            r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").withUid("uid-" + name)
                    .withGeneration(generation).withAnnotations(annotations.isEmpty() ? null : new LinkedHashMap<>(annotations))
                    .build());
            RolloutSpec spec = new RolloutSpec();
            spec.replicas = replicas;
            spec.selector = new LabelSelectorBuilder().addToMatchLabels("app", app).build();
            spec.template = template();
            spec.strategy = new RolloutStrategy();
            switch (strategy) {
                case "canary" -> spec.strategy.canary = canaryStrategy();
                case "blueGreen" -> spec.strategy.blueGreen = blueGreenStrategy();
                case "abTesting" -> spec.strategy.abTesting = abTestingStrategy();
                default -> spec.strategy.simple = new SimpleStrategy();
            }
            tweaks.forEach(t -> t.accept(spec));
            r.setSpec(spec);
            r.setStatus(status);
            return r;
        }

        private CanaryStrategy canaryStrategy() {
            CanaryStrategy c = new CanaryStrategy();
            c.stableService = stableService;
            c.canaryService = canaryService;
            c.steps = steps == null ? null : new ArrayList<>(steps);
            c.port = port;
            if (httpRoute != null) c.trafficRouting = new TrafficRouting(httpRoute);
            return c;
        }

        private BlueGreenStrategy blueGreenStrategy() {
            BlueGreenStrategy b = new BlueGreenStrategy();
            b.activeService = stableService;
            b.previewService = canaryService;
            b.port = port;
            b.previewReplicaCount = blueGreen.previewReplicaCount;
            b.autoPromotionEnabled = blueGreen.autoPromotionEnabled;
            b.autoPromotionSeconds = blueGreen.autoPromotionSeconds;
            b.scaleDownDelaySeconds = blueGreen.scaleDownDelaySeconds;
            if (httpRoute != null) b.trafficRouting = new TrafficRouting(httpRoute);
            return b;
        }

        private io.kulta.model.AbTestingStrategy abTestingStrategy() {
            var a = new io.kulta.model.AbTestingStrategy();
            a.variantAService = stableService;
            a.variantBService = canaryService;
            a.port = port;
            a.trafficRouting = new TrafficRouting(httpRoute);
            a.variantBMatch = new io.kulta.model.AbTestingStrategy.VariantMatch();
            a.variantBMatch.header = new io.kulta.model.AbTestingStrategy.HeaderMatch();
            a.variantBMatch.header.name = "X-Variant";
            a.variantBMatch.header.value = "b";
            a.variantBMatch.cookie = new io.kulta.model.AbTestingStrategy.CookieMatch();
            a.variantBMatch.cookie.name = "variant";
            a.variantBMatch.cookie.value = "b";
            a.maxDuration = "1h";
            a.analysis = new io.kulta.model.AbTestingStrategy.AbAnalysisConfig();
            a.analysis.minDuration = "5m";
            return a;
        }

        private PodTemplateSpec template() {
            return new PodTemplateSpecBuilder()
                    .withNewMetadata().addToLabels("app", app).endMetadata()
                    .withNewSpec().addNewContainer().withName(app).withImage(image).endContainer().endSpec()
                    .build();
        }
    }
}
