package io.kulta.cli;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A ReplicaSet's pod template as the API server stores it carries the defaults it filled in (imagePullPolicy,
 * terminationMessagePath, restartPolicy, ...), which the Rollout's own template (a preserved object, not defaulted)
 * does not. Taking out the fields that hold exactly their default gives back the template the revision was hashed
 * from — which the caller checks against the revision hash before trusting it.
 */
final class ServerDefaults {
    private ServerDefaults() {
    }

    static PodTemplateSpec without(PodTemplateSpec template) {
        PodTemplateSpec t = TemplateEdit.copy(template);
        PodSpec spec = t.getSpec();
        if (spec == null) return t;
        if ("Always".equals(spec.getRestartPolicy())) spec.setRestartPolicy(null);
        if ("ClusterFirst".equals(spec.getDnsPolicy())) spec.setDnsPolicy(null);
        if ("default-scheduler".equals(spec.getSchedulerName())) spec.setSchedulerName(null);
        if (Objects.equals(spec.getTerminationGracePeriodSeconds(), 30L)) spec.setTerminationGracePeriodSeconds(null);
        List<Container> all = new ArrayList<>();
        if (spec.getContainers() != null) all.addAll(spec.getContainers());
        if (spec.getInitContainers() != null) all.addAll(spec.getInitContainers());
        for (Container c : all) container(c);
        return t;
    }

    private static void container(Container c) {
        if (Objects.equals(c.getImagePullPolicy(), defaultPullPolicy(c.getImage()))) c.setImagePullPolicy(null);
        if ("/dev/termination-log".equals(c.getTerminationMessagePath())) c.setTerminationMessagePath(null);
        if ("File".equals(c.getTerminationMessagePolicy())) c.setTerminationMessagePolicy(null);
        if (c.getPorts() != null) for (ContainerPort p : c.getPorts()) if ("TCP".equals(p.getProtocol())) p.setProtocol(null);
        for (Probe probe : new Probe[]{c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe()}) probe(probe);
    }

    private static void probe(Probe p) {
        if (p == null) return;
        if (Objects.equals(p.getTimeoutSeconds(), 1)) p.setTimeoutSeconds(null);
        if (Objects.equals(p.getPeriodSeconds(), 10)) p.setPeriodSeconds(null);
        if (Objects.equals(p.getSuccessThreshold(), 1)) p.setSuccessThreshold(null);
        if (Objects.equals(p.getFailureThreshold(), 3)) p.setFailureThreshold(null);
        if (p.getHttpGet() != null && "HTTP".equals(p.getHttpGet().getScheme())) p.getHttpGet().setScheme(null);
    }

    /** Kubernetes' default: Always for an image tagged latest or not tagged (and not pinned by digest), else IfNotPresent. */
    static String defaultPullPolicy(String image) {
        if (image == null) return null;
        if (image.contains("@")) return "IfNotPresent";
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        boolean tagged = colon > slash;
        return !tagged || image.endsWith(":latest") ? "Always" : "IfNotPresent";
    }
}
