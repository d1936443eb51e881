package io.kulta.prometheus;

import io.kulta.core.SpecValidator;
import io.kulta.core.Timestamps;
import io.kulta.core.analysis.AbEvaluator;
import io.kulta.core.analysis.AbTarget;
import io.kulta.kube.KubeCaches;
import io.kulta.model.AbExperimentStatus;
import io.kulta.model.AbTestingStrategy;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The A/B Rollouts whose experiment is running, read from the caches, with the window since it started. */
public final class AbAnalysisTargets {
    private final KubeCaches caches;
    private final String defaultPrometheus;
    private final Clock clock;

    public AbAnalysisTargets(KubeCaches caches, String defaultPrometheus, Clock clock) {
        this.caches = caches;
        this.defaultPrometheus = defaultPrometheus == null || defaultPrometheus.isBlank() ? null : defaultPrometheus;
        this.clock = clock;
    }

    public List<AbTarget> current() {
        List<AbTarget> targets = new ArrayList<>();
        Instant now = clock.instant();
        for (String key : caches.rolloutKeys()) {
            Rollout r = caches.rollout(key);
            if (r == null || r.getSpec() == null || r.getSpec().strategy == null || r.getStatus() == null) continue;
            if (!SpecValidator.validate(r).isEmpty()) continue;   // reported as Valid=False; never asked for
            AbTestingStrategy a = r.getSpec().strategy.abTesting;
            RolloutStatus s = r.getStatus();
            AbExperimentStatus x = s.abExperiment;
            if (a == null || s.phase != Phase.Experimenting || x == null || x.startedAt == null || x.concludedAt != null
                    || s.stableRevision == null || s.canaryRevision == null) continue;
            Instant started = Timestamps.parse(x.startedAt);
            if (started == null) continue;
            String address = a.analysis != null && a.analysis.prometheus != null && a.analysis.prometheus.address != null
                    ? a.analysis.prometheus.address : defaultPrometheus;
            targets.add(new AbTarget(key, r.getMetadata().getNamespace(), r.getMetadata().getName(), s.stableRevision,
                    s.canaryRevision, a.variantAService, a.variantBService, address == null ? null : address.replaceAll("/+$", ""),
                    window(started, now), AbEvaluator.metrics(a.analysis)));
        }
        return targets;
    }

    /** Whole minutes since the start, at least one: the window never reaches back before the experiment. */
    static String window(Instant started, Instant now) {
        long minutes = Math.max(1, Duration.between(started, now).toMinutes());
        return minutes + "m";
    }
}
