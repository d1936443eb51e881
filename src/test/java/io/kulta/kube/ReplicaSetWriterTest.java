package io.kulta.kube;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kulta.core.Observation;
import io.kulta.core.Plan;
import io.kulta.core.RevisionHash;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;
import io.kulta.scenario.KultaCluster;
import io.kulta.testing.ForeignReplicaSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A create of the revision's ReplicaSet answered 409 AlreadyExists, through the mock API: the controller's own
 * (owned by the Rollout, same pod-template-hash), created before and not in the cache yet, is taken as created; anyone
 * else's of that name is refused with the API's reason and never adopted nor changed.
 */
class ReplicaSetWriterTest {
    static final String NS = "rswriter";

    KultaCluster cluster = new KultaCluster(NS, false);
    ReplicaSetWriter writer = new ReplicaSetWriter(cluster.controllerClient(), new WrittenVersions());

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void theRolloutsOwnReplicaSetTheCacheHasNotSeenIsTakenAsCreatedAndNotCreatedAgain() {
        Rollout rollout = applied();
        String revision = RevisionHash.of(rollout.getSpec().template);
        cluster.create(ReplicaSetWriter.build(rollout, revision, 1));   // created by an earlier reconcile, not cached yet
        String rsPath = "/apis/apps/v1/namespaces/" + NS + "/replicasets";
        cluster.api().requests().reset();

        writer.scaleUp(planWithoutReplicaSets(rollout, revision, 3));

        assertThat(cluster.api().requests().count("POST", rsPath)).as("one create, refused, not tried again").isEqualTo(1);
        assertThat(cluster.replicas("kulta-demo")).as("scaled as the plan wants").containsExactly(Map.entry(revision, 3));
    }

    @Test
    void aReplicaSetOfTheSameNameThatIsNotTheRolloutsIsRefusedAndLeftAsItIs() {
        Rollout rollout = applied();
        String revision = RevisionHash.of(rollout.getSpec().template);
        String name = "kulta-demo-" + revision;
        cluster.create(ForeignReplicaSet.named(name, 2));

        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> writer.scaleUp(planWithoutReplicaSets(rollout, revision, 3)));

        assertThat(refused.getCode()).isEqualTo(409);
        assertThat(refused.getStatus().getReason()).isEqualTo("AlreadyExists");
        assertThat(refused.getStatus().getMessage()).contains(name, "already exists", "neither adopts nor changes it");
        assertThat(ApiErrorReporter.isTransient(refused)).as("reported at once: it does not go away by itself").isFalse();
        ReplicaSet after = cluster.client().apps().replicaSets().withName(name).get();
        String rsPath = "/apis/apps/v1/namespaces/" + NS + "/replicasets/" + name;
        assertThat(cluster.api().requests().count("PATCH", rsPath) + cluster.api().requests().count("PUT", rsPath)).as("not written").isZero();
        assertThat(after.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(after.getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void aReplicaSetOwnedByTheRolloutAtAnotherRevisionIsNotTakenForThisOne() {
        Rollout rollout = applied();
        String revision = RevisionHash.of(rollout.getSpec().template);
        ReplicaSet otherRevision = ReplicaSetWriter.build(rollout, "5d8c7f9b6", 1);
        otherRevision.getMetadata().setName("kulta-demo-" + revision);
        cluster.create(otherRevision);

        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> writer.scaleUp(planWithoutReplicaSets(rollout, revision, 3)));

        assertThat(refused.getStatus().getReason()).isEqualTo("AlreadyExists");
        assertThat(cluster.client().apps().replicaSets().withName("kulta-demo-" + revision).get().getSpec().getReplicas()).isEqualTo(1);
    }

    private Rollout applied() {
        cluster.apply(Path.of("examples/canary.yaml"));
        return cluster.rollout("kulta-demo");
    }

    /** What a reconcile plans from a cache that holds none of the Rollout's ReplicaSets. */
    private static Plan planWithoutReplicaSets(Rollout rollout, String revision, int replicas) {
        Observation stale = new Observation(rollout, Map.of(), Set.of(), Set.of(), Instant.parse("2026-11-25T10:00:00Z"));
        return new Plan(stale, Map.of(revision, replicas), Map.of(), null, null, new RolloutStatus(), List.of(), Set.of(), null);
    }
}
