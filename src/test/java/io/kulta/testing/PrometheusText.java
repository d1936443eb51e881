package io.kulta.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape in the Prometheus text format 0.0.4, read as series: name, labels, value. */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** One sample line. */
    public record Series(String name, Map<String, String> labels, double value) {
    }

    private final List<Series> series = new ArrayList<>();

    public PrometheusText(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) throw new IllegalArgumentException("not a sample line: " + line);
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) labels.put(l.group(1), l.group(2));
            }
            series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
    }

    public List<Series> series() {
        return series;
    }

    /** The sum of the series of this name whose labels include these (null when there is none). */
    public Double value(String name, Map<String, String> labels) {
        List<Series> matching = series.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        return matching.isEmpty() ? null : matching.stream().mapToDouble(Series::value).sum();
    }

    public Double value(String name) {
        return value(name, Map.of());
    }
}
