package io.kulta.playground;

import io.kulta.core.analysis.AbEvaluator;
import io.kulta.core.analysis.AbQueryBatcher;
import io.kulta.core.analysis.AbTarget;
import io.kulta.core.analysis.AnalysisTarget;
import io.kulta.core.analysis.PromQuery;
import io.kulta.core.analysis.QueryBatcher;
import io.kulta.model.AbTestingStrategy;
import io.kulta.model.AnalysisConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the queries the controller sends for its built-in metrics, by patterns made from the controller's own
 * batchers ({@link QueryBatcher}, {@link AbQueryBatcher}) with the rollout alternation, the range and the quantile as
 * the variable parts. So a change to the templates changes what is recognised; what each shape computes is checked
 * against a real Prometheus by the playground's tests.
 */
final class ControllerQueries {
    /** What a recognised query asks. */
    enum Shape { REQUESTS, ERROR_RATE, LATENCY, AB_ERRORS, AB_TOTAL }

    /** A recognised query: its shape, the regex its rollout selector matches, its range and (latency) its quantile. */
    record Parsed(Shape shape, Pattern rollouts, Duration range, double quantile) {
    }

    private static final String ROLLOUT = "kultaRolloutToken";
    private static final String WINDOW = "kultaWindowToken";
    private static final Pattern VARIABLE = Pattern.compile(ROLLOUT + "|\\[(" + WINDOW + "|\\d+[smhdwy])\\]|histogram_quantile\\([0-9.]+");
    private static final Pattern PROM_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

    private record Known(Shape shape, Pattern pattern) {
    }

    private static final List<Known> KNOWN = known();

    private ControllerQueries() {
    }

    static Optional<Parsed> parse(String promql) {
        String q = promql.strip();
        for (Known k : KNOWN) {
            Matcher m = k.pattern().matcher(q);
            if (!m.matches()) continue;
            Duration range = duration(m.group("range"));
            if (range == null) return Optional.empty();
            Pattern rollouts;
            try {
                rollouts = Pattern.compile(unescape(m.group("rollouts")));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            double quantile = k.shape() == Shape.LATENCY ? Double.parseDouble(m.group("q")) : Double.NaN;
            return Optional.of(new Parsed(k.shape(), rollouts, range, quantile));
        }
        return Optional.empty();
    }

    private static List<Known> known() {
        List<Known> out = new ArrayList<>();
        AnalysisTarget canary = new AnalysisTarget("ns/" + ROLLOUT, "ns", ROLLOUT, "r", "s", "svc", "http://prometheus",
                List.of(metric("error-rate"), metric("latency-p95")));
        for (PromQuery q : QueryBatcher.batch(List.of(canary))) {
            Shape shape = switch (q.metric()) {
                case PromQuery.REQUESTS -> Shape.REQUESTS;
                case "error-rate" -> Shape.ERROR_RATE;
                default -> Shape.LATENCY;
            };
            out.add(new Known(shape, pattern(q.promql())));
        }
        AbTestingStrategy.AbMetric errorRate = new AbTestingStrategy.AbMetric();
        errorRate.name = AbEvaluator.ERROR_RATE;
        AbTarget ab = new AbTarget("ns/" + ROLLOUT, "ns", ROLLOUT, "a", "b", "sa", "sb", "http://prometheus", WINDOW, List.of(errorRate));
        for (PromQuery q : AbQueryBatcher.batch(List.of(ab)))
            out.add(new Known(q.metric().contains("/success/") ? Shape.AB_ERRORS : Shape.AB_TOTAL, pattern(q.promql())));
        return List.copyOf(out);
    }

    /** The query with its variable parts as groups: the first rollout alternation and range are captured, the others must equal them. */
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = VARIABLE.matcher(template);
        int at = 0;
        boolean rollouts = false, range = false;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(at, m.start())));
            String v = m.group();
            if (v.equals(ROLLOUT)) {
                regex.append(rollouts ? "\\k<rollouts>" : "(?<rollouts>(?:[^\"\\\\]|\\\\.)*)");
                rollouts = true;
            } else if (v.startsWith("histogram_quantile")) {
                regex.append(Pattern.quote("histogram_quantile(")).append("(?<q>[0-9.]+)");
            } else {
                regex.append(range ? "\\[\\k<range>\\]" : "\\[(?<range>[0-9a-z]+)\\]");
                range = true;
            }
            at = m.end();
        }
        regex.append(Pattern.quote(template.substring(at)));
        return Pattern.compile(regex.toString());
    }

    /** A Prometheus duration: one or more number+unit parts, e.g. "2m", "1h30m"; null if it is not one. */
    static Duration duration(String text) {
        Matcher m = PROM_DURATION.matcher(text);
        Duration d = Duration.ZERO;
        int at = 0;
        while (m.find() && m.start() == at) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
            });
            at = m.end();
        }
        return at == text.length() && !d.isZero() ? d : null;
    }

    /** The regex inside a double-quoted PromQL string literal. */
    private static String unescape(String literal) {
        return literal.replaceAll("\\\\(.)", "$1");
    }

    private static AnalysisConfig.Metric metric(String name) {
        AnalysisConfig.Metric m = new AnalysisConfig.Metric();
        m.name = name;
        return m;
    }
}
