package io.kulta.prometheus;

import io.kulta.core.SpecValidator;
import io.kulta.core.References;
import io.kulta.core.analysis.AnalysisTarget;
import io.kulta.kube.KubeCaches;
import io.kulta.model.AnalysisConfig;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import io.kulta.model.RolloutStrategy;

import java.util.ArrayList;
import java.util.List;

/** The Rollouts whose new revision takes traffic and has analysis configured, read from the caches. */
public final class AnalysisTargets {
    private final KubeCaches caches;
    private final String defaultPrometheus;

    public AnalysisTargets(KubeCaches caches, String defaultPrometheus) {
        this.caches = caches;
        this.defaultPrometheus = defaultPrometheus == null || defaultPrometheus.isBlank() ? null : defaultPrometheus;
    }

    public List<AnalysisTarget> current() {
        List<AnalysisTarget> targets = new ArrayList<>();
        for (String key : caches.rolloutKeys()) {
            Rollout r = caches.rollout(key);
            if (r == null || r.getSpec() == null || r.getStatus() == null) continue;
            if (!SpecValidator.validate(r).isEmpty()) continue;   // reported as Valid=False; never asked for
            AnalysisConfig analysis = analysisOf(r.getSpec().strategy);
            RolloutStatus s = r.getStatus();
            boolean underWay = s.phase == Phase.Progressing || s.phase == Phase.Paused || s.phase == Phase.Preview;
            // a canary or simple update is measured once it takes traffic, a blue-green preview as it runs
            boolean measurable = r.getSpec().strategy.blueGreen != null ? s.previewRevision != null
                    : s.currentWeight != null && s.currentWeight > 0;
            if (analysis == null || analysis.metrics == null || analysis.metrics.isEmpty() || !underWay
                    || s.canaryRevision == null || !measurable) continue;
            String address = analysis.prometheus != null && analysis.prometheus.address != null
                    ? analysis.prometheus.address : defaultPrometheus;
            List<String> services = References.of(r).services();
            boolean canary = r.getSpec().strategy.canary != null;   // only a canary has steps a measurement belongs to
            targets.add(new AnalysisTarget(key, r.getMetadata().getNamespace(), r.getMetadata().getName(),
                    s.canaryRevision, s.stableRevision, services.size() > 1 ? services.get(1) : null,
                    address == null ? null : address.replaceAll("/+$", ""), analysis.metrics,
                    canary ? s.currentStepIndex : null, canary ? s.currentWeight : null));
        }
        return targets;
    }

    private static AnalysisConfig analysisOf(RolloutStrategy s) {
        if (s == null) return null;
        if (s.canary != null) return s.canary.analysis;
        if (s.blueGreen != null) return s.blueGreen.analysis;
        if (s.simple != null) return s.simple.analysis;
        return null;
    }
}
