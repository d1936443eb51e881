package io.kulta.core.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The targets of a tick, one group per Prometheus address (no address: a group of its own), so each is asked on its own. */
public final class AddressGroups {
    private AddressGroups() {
    }

    public static List<List<AnalysisTarget>> of(List<AnalysisTarget> targets) {
        return group(targets, AnalysisTarget::prometheus);
    }

    public static List<List<AbTarget>> ofExperiments(List<AbTarget> targets) {
        return group(targets, AbTarget::prometheus);
    }

    private static <T> List<List<T>> group(List<T> targets, Function<T, String> address) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        for (T t : targets) groups.computeIfAbsent(String.valueOf(address.apply(t)), k -> new ArrayList<>()).add(t);
        return List.copyOf(groups.values());
    }
}
