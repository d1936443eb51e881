package io.kulta.core;

import io.fabric8.kubernetes.api.model.IntOrString;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.kulta.core.analysis.PrometheusAddress;
import io.kulta.model.AbTestingStrategy;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.BlueGreenStrategy;
import io.kulta.model.CanaryStep;
import io.kulta.model.CanaryStrategy;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutSpec;
import io.kulta.model.TrafficRouting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Checks a Rollout before anything is written; each problem names the field path. */
public final class SpecValidator {
    private static final Set<String> BUILT_IN_METRICS = Set.of("error-rate", "latency-p95", "latency-p99");
    private static final Pattern SURGE = Pattern.compile("^([0-9]+|[0-9]{1,2}%|100%)$");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._/-]{1,63}");
    private static final String DURATION_HINT = "use a positive integer with s, m or h, e.g. 30s, 5m, 2h";

    private final List<String> problems = new ArrayList<>();

    private SpecValidator() {
    }

    /** Empty when the Rollout is valid. */
    public static List<String> validate(Rollout rollout) {
        SpecValidator v = new SpecValidator();
        v.rollout(rollout);
        return List.copyOf(v.problems);
    }

    private void rollout(Rollout rollout) {
        RolloutSpec spec = rollout.getSpec();
        if (spec == null) {
            problem("spec", "is required");
            return;
        }
        if (spec.replicas != null && spec.replicas < 0) problem("spec.replicas", "must be ≥ 0, got " + spec.replicas);
        selector(spec);
        surge("spec.maxSurge", spec.maxSurge);
        surge("spec.maxUnavailable", spec.maxUnavailable);
        if (spec.progressDeadlineSeconds != null && spec.progressDeadlineSeconds < 1)
            problem("spec.progressDeadlineSeconds", "must be ≥ 1, got " + spec.progressDeadlineSeconds);
        if (spec.strategy == null) {
            problem("spec.strategy", "is required: set exactly one of simple, canary, blueGreen, abTesting");
            return;
        }
        List<String> strategies = spec.strategy.configured();
        if (strategies.size() != 1) {
            problem("spec.strategy", "exactly one of simple, canary, blueGreen, abTesting must be set, found "
                    + (strategies.isEmpty() ? "none" : String.join(", ", strategies)));
            return;
        }
        if (spec.strategy.canary != null) canary(spec.strategy.canary);
        if (spec.strategy.blueGreen != null) blueGreen(spec.strategy.blueGreen);
        if (spec.strategy.abTesting != null) abTesting(spec.strategy.abTesting);
        if (spec.strategy.simple != null) analysis("spec.strategy.simple.analysis", spec.strategy.simple.analysis);
    }

    private void selector(RolloutSpec spec) {
        LabelSelector selector = spec.selector;
        if (selector == null || (isEmpty(selector.getMatchLabels()) && isEmpty(selector.getMatchExpressions()))) {
            problem("spec.selector", "is required and must not be empty");
            return;
        }
        if (spec.template == null) {
            problem("spec.template", "is required");
            return;
        }
        Map<String, String> labels = spec.template.getMetadata() == null ? null : spec.template.getMetadata().getLabels();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> {
                if (labels == null || !v.equals(labels.get(k)))
                    problem("spec.selector.matchLabels", plain(k) + "=" + plain(v) + " does not match spec.template.metadata.labels");
            });
            labels("spec.selector.matchLabels", selector.getMatchLabels());
        }
        labels("spec.template.metadata.labels", labels);
        if (!isEmpty(selector.getMatchExpressions()))
            problem("spec.selector.matchExpressions", "is not supported; use matchLabels");
    }

    private void canary(CanaryStrategy c) {
        String at = "spec.strategy.canary";
        servicePair(at, "stableService", c.stableService, "canaryService", c.canaryService);
        port(at + ".port", c.port);
        if (c.steps == null || c.steps.isEmpty()) {
            problem(at + ".steps", "must have at least one step");
        } else {
            for (int i = 0; i < c.steps.size(); i++) step(at + ".steps[" + i + "]", c.steps.get(i));
        }
        trafficRouting(at + ".trafficRouting", c.trafficRouting, false);
        analysis(at + ".analysis", c.analysis);
    }

    private void step(String at, CanaryStep step) {
        if (step == null || (step.setWeight == null && step.pause == null)) {
            problem(at, "must set setWeight and/or pause");
            return;
        }
        if (step.setWeight != null && (step.setWeight < 0 || step.setWeight > 100))
            problem(at + ".setWeight", "must be between 0 and 100, got " + step.setWeight);
        if (step.pause != null && step.pause.duration != null) duration(at + ".pause.duration", step.pause.duration);
    }

    private void blueGreen(BlueGreenStrategy b) {
        String at = "spec.strategy.blueGreen";
        servicePair(at, "activeService", b.activeService, "previewService", b.previewService);
        port(at + ".port", b.port);
        nonNegative(at + ".autoPromotionSeconds", b.autoPromotionSeconds);
        nonNegative(at + ".previewReplicaCount", b.previewReplicaCount);
        nonNegative(at + ".scaleDownDelaySeconds", b.scaleDownDelaySeconds);
        trafficRouting(at + ".trafficRouting", b.trafficRouting, false);
        analysis(at + ".analysis", b.analysis);
    }

    private void abTesting(AbTestingStrategy a) {
        String at = "spec.strategy.abTesting";
        servicePair(at, "variantAService", a.variantAService, "variantBService", a.variantBService);
        port(at + ".port", a.port);
        trafficRouting(at + ".trafficRouting", a.trafficRouting, true);
        if (a.variantBMatch == null || (a.variantBMatch.header == null && a.variantBMatch.cookie == null)) {
            problem(at + ".variantBMatch", "is required: set a header and/or a cookie match");
        } else {
            if (a.variantBMatch.header != null) {
                required(at + ".variantBMatch.header.name", a.variantBMatch.header.name);
                name(at + ".variantBMatch.header.name", a.variantBMatch.header.name, KubernetesNames::headerName);
                if (a.variantBMatch.header.value == null) problem(at + ".variantBMatch.header.value", "is required");
                name(at + ".variantBMatch.header.value", a.variantBMatch.header.value, KubernetesNames::headerValue);
            }
            if (a.variantBMatch.cookie != null) {
                required(at + ".variantBMatch.cookie.name", a.variantBMatch.cookie.name);
                name(at + ".variantBMatch.cookie.name", a.variantBMatch.cookie.name, KubernetesNames::cookieName);
                if (a.variantBMatch.cookie.value == null) problem(at + ".variantBMatch.cookie.value", "is required");
                name(at + ".variantBMatch.cookie.value", a.variantBMatch.cookie.value, KubernetesNames::headerValue);
            }
        }
        if (a.maxDuration != null && DurationParser.parseWithDays(a.maxDuration).isEmpty())
            problem(at + ".maxDuration", "invalid duration " + shown(a.maxDuration) + " (" + DURATION_HINT + " or d)");
        if (a.analysis != null) {
            prometheus(at + ".analysis.prometheus", a.analysis.prometheus);
            if (a.analysis.minDuration != null) duration(at + ".analysis.minDuration", a.analysis.minDuration);
            if (a.analysis.minSampleSize != null && a.analysis.minSampleSize < 1)
                problem(at + ".analysis.minSampleSize", "must be ≥ 1, got " + a.analysis.minSampleSize);
            Double cl = a.analysis.confidenceLevel;
            if (cl != null && !(cl > 0.5 && cl < 1))
                problem(at + ".analysis.confidenceLevel", "must be between 0.5 and 1 (exclusive), got " + cl);
            if (a.analysis.metrics != null) {
                for (int i = 0; i < a.analysis.metrics.size(); i++) {
                    AbTestingStrategy.AbMetric m = a.analysis.metrics.get(i);
                    String mAt = at + ".analysis.metrics[" + i + "]";
                    required(mAt + ".name", m.name);
                    if (m.name != null && !m.name.equals("error-rate") && (m.successQuery == null || m.totalQuery == null))
                        problem(mAt, "custom metric " + shown(m.name) + " needs successQuery and totalQuery");
                }
            }
        }
    }

    /** Both Services are required, and they must be two different Services. */
    private void servicePair(String at, String firstField, String first, String secondField, String second) {
        required(at + "." + firstField, first);
        required(at + "." + secondField, second);
        name(at + "." + firstField, first, KubernetesNames::serviceName);
        name(at + "." + secondField, second, KubernetesNames::serviceName);
        if (first != null && first.equals(second))
            problem(at + "." + secondField, "must differ from " + firstField + " (" + plain(first) + ")");
    }

    private void trafficRouting(String at, TrafficRouting routing, boolean mandatory) {
        if (routing == null || routing.gatewayAPI == null) {
            if (mandatory) problem(at + ".gatewayAPI.httpRoute", "is required for this strategy");
            return;
        }
        required(at + ".gatewayAPI.httpRoute", routing.gatewayAPI.httpRoute);
        name(at + ".gatewayAPI.httpRoute", routing.gatewayAPI.httpRoute, KubernetesNames::objectName);
    }

    private void analysis(String at, AnalysisConfig analysis) {
        if (analysis == null) return;
        prometheus(at + ".prometheus", analysis.prometheus);
        if (analysis.consecutiveErrorLimit != null && analysis.consecutiveErrorLimit < 0)
            problem(at + ".consecutiveErrorLimit", "must be ≥ 0, got " + analysis.consecutiveErrorLimit);
        if (analysis.warmupDuration != null) duration(at + ".warmupDuration", analysis.warmupDuration);
        if (analysis.metrics == null) return;
        for (int i = 0; i < analysis.metrics.size(); i++) {
            AnalysisConfig.Metric m = analysis.metrics.get(i);
            String mAt = at + ".metrics[" + i + "]";
            required(mAt + ".name", m.name);
            if (m.name != null && !BUILT_IN_METRICS.contains(m.name) && m.query == null)
                problem(mAt + ".query", "is required for custom metric " + shown(m.name) + " (built-ins: error-rate, latency-p95, latency-p99)");
            if (m.threshold == null && m.min == null && m.max == null)
                problem(mAt, "needs threshold, min or max");
            if (m.min != null && m.max != null && m.min > m.max)
                problem(mAt + ".min", "must be ≤ max");
            if (m.interval != null) duration(mAt + ".interval", m.interval);
            if (m.failureThreshold != null && m.failureThreshold < 1)
                problem(mAt + ".failureThreshold", "must be ≥ 1, got " + m.failureThreshold);
            if (m.minSampleSize != null && m.minSampleSize < 0)
                problem(mAt + ".minSampleSize", "must be ≥ 0, got " + m.minSampleSize);
        }
    }

    private void prometheus(String at, AnalysisConfig.PrometheusConfig prometheus) {
        if (prometheus == null || prometheus.address == null) return;
        PrometheusAddress.problem(prometheus.address).ifPresent(why -> problem(at + ".address", why));
    }

    private void duration(String at, String value) {
        if (DurationParser.parse(value).isEmpty())
            problem(at, "invalid duration " + shown(value) + " (" + DURATION_HINT + ")");
    }

    /** An integer ≥ 0 (or its string form) within int range, or a percentage 0%–100%, as a Deployment's. */
    private void surge(String at, IntOrString value) {
        if (value == null) return;
        if (value.getIntVal() != null) {
            nonNegative(at, value.getIntVal());
            return;
        }
        String text = value.getStrVal();
        boolean valid = text != null && SURGE.matcher(text).matches()
                && (text.endsWith("%") ? parses(text.substring(0, text.length() - 1)) : parses(text));
        if (!valid) problem(at, "must be a number or a percentage such as 25%, got " + shown(text));
    }

    private static boolean parses(String number) {
        try {
            Integer.parseInt(number);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void port(String at, Integer port) {
        if (port != null && (port < 1 || port > 65535)) problem(at, "must be between 1 and 65535, got " + port);
    }

    private void nonNegative(String at, Integer value) {
        if (value != null && value < 0) problem(at, "must be ≥ 0, got " + value);
    }

    /** A name that is set must have its syntax (a missing one is reported by {@link #required}). */
    private void name(String at, String value, Function<String, Optional<String>> rule) {
        if (value != null && !value.isBlank()) rule.apply(value).ifPresent(why -> problem(at, why));
    }

    private void labels(String at, Map<String, String> labels) {
        if (labels == null) return;
        labels.forEach((k, v) -> {
            KubernetesNames.labelKey(k).ifPresent(why -> problem(at, why));
            if (v != null) KubernetesNames.labelValue(k, v).ifPresent(why -> problem(at, why));
        });
    }

    private static String shown(String value) {
        return KubernetesNames.shown(value);
    }

    /** A short name as it is; anything else quoted and cut (see {@link KubernetesNames#shown}). */
    private static String plain(String value) {
        return value != null && PLAIN.matcher(value).matches() ? value : shown(value);
    }

    private void required(String at, String value) {
        if (value == null || value.isBlank()) problem(at, "is required");
    }

    private void problem(String path, String message) {
        problems.add(path + ": " + message);
    }

    private static boolean isEmpty(Map<?, ?> m) {
        return m == null || m.isEmpty();
    }

    private static boolean isEmpty(List<?> l) {
        return l == null || l.isEmpty();
    }
}
