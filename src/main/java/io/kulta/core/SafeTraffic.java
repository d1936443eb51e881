package io.kulta.core;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One make-before-break move of two Services' traffic towards a goal (SPEC §3 "Traffic safety"). At every moment
 * a Service with weight selects a revision with at least its share of N available pods:
 * <ul>
 *   <li>a Service is re-pointed only while it carries no weight (or selects none of our revisions yet), and only
 *       to a revision with an available pod;</li>
 *   <li>weight moves onto a Service only once it has selected its revision for the settle time;</li>
 *   <li>forwards (onto the canary side) the whole step moves once the canary has ceil(N·w/100) available pods;</li>
 *   <li>backwards the stable side takes weight as fast as its available pods carry it:
 *       weight(stable) ≤ 100·available(stable)/N, rounded down.</li>
 * </ul>
 * Without an HTTPRoute there is no weight: Services are re-pointed once the revision has an available pod.
 */
final class SafeTraffic {
    /** SPEC §6 KULTA_TRAFFIC_SETTLE_SECONDS' default. */
    static final Duration DEFAULT_SETTLE = Duration.ofSeconds(5);

    /** Where the traffic should end up: each Service on its revision, {@code canaryWeight}% on the canary Service. */
    record Goal(String stableService, String stableRevision, String canaryService, String canaryRevision, int canaryWeight) {
    }

    /**
     * What to write now.
     *
     * @param selectors    the revision each Service selects once this move is written (those re-pointed now included)
     * @param canaryWeight the canary Service's weight to write (unchanged when it may not move yet)
     * @param reached      the goal holds once these writes are made
     */
    record Move(Map<String, String> selectors, int canaryWeight, boolean reached, Set<String> repointed) {
    }

    private final Observation o;
    private final ObservedTraffic traffic;
    private final int replicas;
    private final Duration settle;
    private final boolean routed;
    private final Set<String> repointedNow = new HashSet<>();

    SafeTraffic(Observation o, ObservedTraffic traffic, int replicas, Duration settle, boolean routed) {
        this.o = o;
        this.traffic = traffic;
        this.replicas = replicas;
        this.settle = settle;
        this.routed = routed;
    }

    Move toward(Goal g) {
        int w = traffic.weight(g.canaryService());
        Map<String, String> selectors = new LinkedHashMap<>();
        String stableSelects = repoint(g.stableService(), g.stableRevision(), routed ? traffic.weight(g.stableService()) : 0, selectors);
        String canarySelects = repoint(g.canaryService(), g.canaryRevision(), routed ? w : 0, selectors);
        Set<String> repointed = Set.copyOf(selectors.keySet());
        boolean onRevisions = g.stableRevision().equals(stableSelects) && g.canaryRevision().equals(canarySelects);
        if (o.available(stableSelects) > 0) selectors.putIfAbsent(g.stableService(), stableSelects);
        if (o.available(canarySelects) > 0) selectors.putIfAbsent(g.canaryService(), canarySelects);
        if (!routed) return new Move(selectors, g.canaryWeight(), onRevisions, repointed);

        int next = w;
        if (g.canaryWeight() > w && carries(g.canaryService(), g.canaryRevision(), repointed, g.canaryWeight())
                && (g.canaryWeight() == 100 || carries(g.stableService(), stableSelects, repointed, 100 - g.canaryWeight()))) {
            next = g.canaryWeight();
        } else if (g.canaryWeight() < w && settled(g.stableService(), stableSelects, repointed)) {
            int stableMax = replicas <= 0 ? 100 : Math.min(100, 100 * o.available(stableSelects) / replicas);
            next = Math.min(w, Math.max(g.canaryWeight(), 100 - stableMax));
        }
        return new Move(selectors, next, onRevisions && next == g.canaryWeight(), repointed);
    }

    /**
     * The revision the Service selects after this reconcile: the wanted one if it may be re-pointed now (it carries no
     * weight, or selects none of ours yet, and the revision has an available pod), else the one it selects.
     */
    private String repoint(String service, String wanted, int weight, Map<String, String> selectors) {
        String selects = traffic.selection(service).revision();
        if (wanted.equals(selects)) return selects;
        if ((weight == 0 || selects == null) && o.available(wanted) > 0) {
            selectors.put(service, wanted);
            repointedNow.add(service);
            return wanted;
        }
        return selects;
    }

    /** The Service selects the revision, has done so for the settle time, and its pods carry the weight. */
    private boolean carries(String service, String revision, Set<String> changed, int weight) {
        return revision != null && settled(service, revision, changed)
                && o.available(revision) >= ReplicaSplit.share(replicas, weight);
    }

    /** @param changed the Services this move re-points (they start settling now) */
    private boolean settled(String service, String revision, Set<String> changed) {
        if (revision == null) return false;
        if (changed.contains(service)) return settle.isZero();
        return traffic.selection(service).settledOn(revision, o.now(), settle);
    }

    /** The revision the Service selects now (null: none of ours). */
    String selection(String service) {
        return traffic.selection(service).revision();
    }

    /** The revision the Service selects now, or the fallback while it selects none of ours. */
    String selectionOr(String service, String fallback) {
        String selected = selection(service);
        return selected == null ? fallback : selected;
    }

    /** The earliest moment one of these Services settles on the revision it (now) selects, if any is still settling. */
    Optional<Instant> settlesAt(String... services) {
        Instant earliest = null;
        for (String service : services) {
            Instant since = repointedNow.contains(service) ? o.now() : traffic.selection(service).since();
            if (since == null || settle.isZero()) continue;
            Instant at = since.plus(settle);
            if (o.now().isBefore(at) && (earliest == null || at.isBefore(earliest))) earliest = at;
        }
        return Optional.ofNullable(earliest);
    }
}
