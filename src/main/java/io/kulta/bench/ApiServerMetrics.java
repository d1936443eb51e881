package io.kulta.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** kube-apiserver's own count of the requests it answered, from its /metrics text ({@code apiserver_request_total}). */
public final class ApiServerMetrics {
    private static final String SERIES = "apiserver_request_total{";
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ApiServerMetrics() {
    }

    /** Every series summed over code, scope, version, component and dry_run, by verb, resource and subresource. */
    public static RequestCounts parse(String metricsText) {
        Map<RequestKind, Long> counts = new HashMap<>();
        metricsText.lines().filter(l -> l.startsWith(SERIES)).forEach(line -> {
            int close = line.lastIndexOf('}');
            Map<String, String> labels = new HashMap<>();
            Matcher m = LABEL.matcher(line.substring(SERIES.length(), close));
            while (m.find()) labels.put(m.group(1), m.group(2));
            long value = (long) Double.parseDouble(line.substring(close + 1).trim().split("\\s+")[0]);
            RequestKind kind = new RequestKind(labels.getOrDefault("verb", ""), labels.getOrDefault("resource", ""),
                    labels.getOrDefault("subresource", ""));
            counts.merge(kind, value, Long::sum);
        });
        return new RequestCounts(counts);
    }
}
