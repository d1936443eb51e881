package io.kulta.kube;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kulta.core.Labels;
import io.kulta.core.Plan;
import io.kulta.core.ReplicaSetState;
import io.kulta.core.RevisionHash;
import io.kulta.model.Rollout;

import java.util.HashMap;
import java.util.Map;

/**
 * Creates the ReplicaSet of the current revision and scales ReplicaSets to the plan's counts, in two
 * passes around the traffic changes: growing before Services and routes move traffic onto a revision,
 * shrinking only after traffic has moved away from it.
 */
public final class ReplicaSetWriter {
    static final String ALREADY_EXISTS = "AlreadyExists";
    private final KubernetesClient client;
    private final WrittenVersions written;

    public ReplicaSetWriter(KubernetesClient client, WrittenVersions written) {
        this.client = client;
        this.written = written;
    }

    /** Creates the current revision's ReplicaSet if missing and scales up those the plan grows. */
    public void scaleUp(Plan plan) {
        Rollout rollout = plan.basis().rollout();
        String current = RevisionHash.of(rollout.getSpec().template);
        plan.replicas().forEach((revision, count) -> {
            ReplicaSetState observed = plan.basis().replicaSets().get(revision);
            if (observed == null) {
                if (revision.equals(current)) create(plan, rollout, revision, count);
            } else if (observed.desired() < count) {
                scale(plan, observed.name(), count);
            }
        });
    }

    /** Scales down the ReplicaSets the plan shrinks, then deletes the old ones beyond the revision history limit. */
    public void scaleDown(Plan plan) {
        plan.replicas().forEach((revision, count) -> {
            ReplicaSetState observed = plan.basis().replicaSets().get(revision);
            if (observed != null && observed.desired() > count) scale(plan, observed.name(), count);
        });
        for (String name : plan.deletions()) {
            client.apps().replicaSets().inNamespace(plan.namespace()).withName(name).delete(); // already gone: nothing to do
        }
    }

    private void create(Plan plan, Rollout rollout, String revision, int replicas) {
        ReplicaSet rs = build(rollout, revision, replicas);
        try {
            expect(plan, client.apps().replicaSets().inNamespace(rollout.getMetadata().getNamespace()).resource(rs).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) throw e;
            String name = rs.getMetadata().getName();
            ReplicaSet existing = client.apps().replicaSets().inNamespace(plan.namespace()).withName(name).get();
            if (existing == null) throw e;   // deleted since: the retry creates it
            if (!ownedAtRevision(existing, rollout, revision)) throw notOurs(e, name, rollout);
            // ours, created before and not cached yet: taken as created
            expect(plan, existing);
            Integer has = existing.getSpec() == null ? null : existing.getSpec().getReplicas();
            if (has == null || has < replicas) scale(plan, name, replicas);
        }
    }

    /** Its controller is this Rollout (by uid) and it runs this revision: ours, whatever the cache has seen of it. */
    static boolean ownedAtRevision(ReplicaSet rs, Rollout rollout, String revision) {
        var owners = rs.getMetadata().getOwnerReferences();
        String uid = rollout.getMetadata().getUid();
        boolean owned = owners != null && uid != null && owners.stream()
                .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && "Rollout".equals(o.getKind()) && uid.equals(o.getUid()));
        var labels = rs.getMetadata().getLabels();
        return owned && labels != null && revision.equals(labels.get(Labels.POD_TEMPLATE_HASH));
    }

    /** Someone else's ReplicaSet has the name: it is never adopted nor changed, and it does not go away by itself. */
    private static KubernetesClientException notOurs(KubernetesClientException refused, String name, Rollout rollout) {
        String apiMessage = refused.getStatus() != null && refused.getStatus().getMessage() != null
                ? refused.getStatus().getMessage() : "replicasets.apps \"" + name + "\" already exists";
        return new KubernetesClientException(new StatusBuilder().withCode(409).withReason(ALREADY_EXISTS)
                .withMessage(apiMessage + "; it is not this Rollout's (no controller ownerReference to Rollout "
                        + rollout.getMetadata().getName() + " at this revision), so KULTA neither adopts nor changes it: delete or rename it")
                .build());
    }

    private void scale(Plan plan, String name, int replicas) {
        expect(plan, client.apps().replicaSets().resource(PatchTarget.named(ReplicaSet::new, plan.namespace(), name))
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}"));
    }

    private void expect(Plan plan, ReplicaSet saved) {
        if (saved != null) written.recordChild(plan.key(), "rs/" + saved.getMetadata().getName(), saved.getMetadata().getResourceVersion());
    }

    /** {@code <rollout>-<revision>}: the template's labels plus the revision, owned by the Rollout. */
    static ReplicaSet build(Rollout rollout, String revision, int replicas) {
        String name = rollout.getMetadata().getName();
        Map<String, String> labels = new HashMap<>();
        var template = rollout.getSpec().template;
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null)
            labels.putAll(template.getMetadata().getLabels());
        labels.put(Labels.POD_TEMPLATE_HASH, revision);
        labels.put(Labels.ROLLOUT, name);
        labels.put(Labels.MANAGED, "true");
        Map<String, String> selector = new HashMap<>(rollout.getSpec().selector.getMatchLabels());
        selector.put(Labels.POD_TEMPLATE_HASH, revision);
        return new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(name + "-" + revision)
                .withNamespace(rollout.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Rollout.API_VERSION).withKind("Rollout")
                        .withName(name).withUid(rollout.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withSelector(new LabelSelectorBuilder().withMatchLabels(selector).build())
                .withTemplate(new PodTemplateSpecBuilder(template).editOrNewMetadata().withLabels(labels).endMetadata().build())
                .endSpec()
                .build();
    }
}
