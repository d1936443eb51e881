package io.kulta.cli;

import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code get rollouts}: one line per Rollout, columns aligned as kubectl aligns them. */
final class RolloutTable {
    private RolloutTable() {
    }

    static String render(List<Rollout> rollouts, boolean withNamespace) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("NAME", "STRATEGY", "PHASE", "STEP", "WEIGHT", "READY", "STABLE", "CANARY"));
        if (withNamespace) header.add(0, "NAMESPACE");
        rows.add(header);
        rollouts.stream().sorted(Comparator.comparing((Rollout r) -> String.valueOf(r.getMetadata().getNamespace()))
                .thenComparing(r -> r.getMetadata().getName())).forEach(r -> {
            RolloutStatus s = r.getStatus() == null ? new RolloutStatus() : r.getStatus();
            RolloutView view = new RolloutView(r, List.of(), null);
            List<String> row = new ArrayList<>(List.of(r.getMetadata().getName(), view.strategyName(),
                    s.phase == null ? "-" : s.phase.name(), RolloutTree.step(r, s).substring("step ".length()),
                    s.currentWeight == null ? "-" : s.currentWeight + "%",
                    (s.readyReplicas == null ? 0 : s.readyReplicas) + "/" + r.getSpec().replicasOrDefault(),
                    dash(s.stableRevision), dash(s.canaryRevision)));
            if (withNamespace) row.add(0, r.getMetadata().getNamespace());
            rows.add(row);
        });
        if (rows.size() == 1) return "no rollouts found\n";
        int[] widths = new int[header.size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) widths[i] = Math.max(widths[i], row.get(i).length());
        });
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
