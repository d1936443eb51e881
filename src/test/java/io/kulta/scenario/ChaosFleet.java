package io.kulta.scenario;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.CanaryStep;
import io.kulta.model.Pause;
import io.kulta.model.Phase;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollouts of the four strategies, each a renamed copy of its example (Rollout, Services, HTTPRoute), tuned to run
 * unattended on a fast clock: canary pauses are timed, blue-green promotes itself, an A/B experiment (no Prometheus)
 * ends at maxDuration and keeps A. Each goes through one update to image 2.0.0.
 */
final class ChaosFleet {
    enum Strategy { CANARY, BLUE_GREEN, SIMPLE, AB_TESTING }

    record Member(String name, Strategy strategy, String example, String oldName, String oldApp) {
        String route() {
            return strategy == Strategy.SIMPLE ? null : name + "-route";
        }
    }

    private final KultaCluster cluster;
    private final List<Member> members = new ArrayList<>();
    /** Each Rollout's revision before the update. */
    private final Map<String, String> firstRevision = new LinkedHashMap<>();
    /** Each Rollout's revision after the update. */
    private final Map<String, String> secondRevision = new LinkedHashMap<>();
    /** When (System.nanoTime) each Rollout's update was written. */
    private final Map<String, Long> updatedAt = new LinkedHashMap<>();

    ChaosFleet(KultaCluster cluster, int size) {
        this.cluster = cluster;
        for (int i = 0; i < size; i++) {
            Strategy s = Strategy.values()[i % 4];
            String name = "%s-%02d".formatted(switch (s) {
                case CANARY -> "cn";
                case BLUE_GREEN -> "bg";
                case SIMPLE -> "sm";
                case AB_TESTING -> "ab";
            }, i);
            members.add(switch (s) {
                case CANARY -> new Member(name, s, "examples/canary.yaml", "kulta-demo", "shop");
                case BLUE_GREEN -> new Member(name, s, "examples/blue-green.yaml", "checkout", "checkout");
                case SIMPLE -> new Member(name, s, "examples/simple.yaml", "catalog", "catalog");
                case AB_TESTING -> new Member(name, s, "examples/ab-testing.yaml", "storefront", "storefront");
            });
        }
    }

    List<Member> members() {
        return members;
    }

    /** Creates every member's objects; the Rollouts then make their first deployment. */
    void create() {
        for (Member m : members) {
            String yaml;
            try {
                yaml = Files.readString(Path.of(m.example()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // names (Rollout, Services, route, labels, image) are derived from the Rollout's or the app's name
            yaml = yaml.replace(m.oldName(), m.name()).replace(m.oldApp(), m.name());
            for (HasMetadata item : cluster.client().load(new java.io.ByteArrayInputStream(yaml.getBytes())).items()) {
                if ("Rollout".equals(item.getKind())) {
                    Rollout r = Serialization.unmarshal(Serialization.asJson(item), Rollout.class);
                    tune(m, r);
                    item = r;
                }
                cluster.create(item);
            }
        }
    }

    private static void tune(Member m, Rollout r) {
        var s = r.getSpec().strategy;
        switch (m.strategy()) {
            case CANARY -> s.canary.steps.set(0, new CanaryStep(20, new Pause("10s")));
            case BLUE_GREEN -> {
                s.blueGreen.autoPromotionEnabled = true;
                s.blueGreen.autoPromotionSeconds = 10;
            }
            case AB_TESTING -> {
                s.abTesting.analysis = null;
                s.abTesting.maxDuration = "1m";
            }
            case SIMPLE -> {
            }
        }
    }

    /** Every member has made its first deployment. */
    void assertFirstDeployed() {
        for (Member m : members) {
            RolloutStatus s = cluster.status(m.name());
            assertThat(s.phase).as(m.name()).isEqualTo(Phase.Completed);
            assertThat(s.stableRevision).as(m.name()).isNotNull();
            firstRevision.put(m.name(), s.stableRevision);
        }
    }

    boolean allFirstDeployed() {
        return members.stream().allMatch(m -> cluster.status(m.name()).phase == Phase.Completed
                && cluster.status(m.name()).stableRevision != null);
    }

    /** A new image for every member. */
    void update() {
        for (Member m : members) {
            String image = "ghcr.io/example/" + m.name() + ":2.0.0";
            secondRevision.put(m.name(), cluster.revisionWithImage(m.name(), image));
            cluster.setImage(m.name(), image);
            updatedAt.put(m.name(), System.nanoTime());
        }
    }

    long updatedAt(String rollout) {
        return updatedAt.get(rollout);
    }

    String first(String rollout) {
        return firstRevision.get(rollout);
    }

    String second(String rollout) {
        return secondRevision.get(rollout);
    }

    /** The members not yet at the final state their strategy leads to, each with what is missing. */
    List<String> unfinished() {
        List<String> out = new ArrayList<>();
        for (Member m : members) {
            String problem = unfinished(m);
            if (problem != null) out.add(m.name() + ": " + problem);
        }
        return out;
    }

    /** hash=desired/available of each ReplicaSet, as the API server has them. */
    private String replicaSetsSeen(String rollout) {
        return cluster.replicaSets(rollout).stream().map(rs -> rs.getMetadata().getLabels().get("pod-template-hash") + "="
                + rs.getSpec().getReplicas() + "/" + (rs.getStatus() == null ? null : rs.getStatus().getAvailableReplicas())).toList().toString();
    }

    private String unfinished(Member m) {
        RolloutStatus s = cluster.status(m.name());
        String v1 = first(m.name()), v2 = second(m.name());
        // A/B without a verdict keeps A; every other strategy ends on the new revision
        String stable = m.strategy() == Strategy.AB_TESTING ? v1 : v2;
        String gone = stable.equals(v1) ? v2 : v1;
        if (s.phase != Phase.Completed) return "phase " + s.phase + " (" + s.message + "); ReplicaSets " + replicaSetsSeen(m.name());
        if (!stable.equals(s.stableRevision)) return "stable revision " + s.stableRevision + ", expected " + stable;
        Map<String, Integer> replicas = cluster.replicas(m.name());
        int n = cluster.rollout(m.name()).getSpec().replicasOrDefault();
        if (!Integer.valueOf(n).equals(replicas.get(stable)) || !Integer.valueOf(0).equals(replicas.getOrDefault(gone, 0)))
            return "replicas " + replicas + ", expected " + stable + "=" + n + " and " + gone + "=0";
        if (m.strategy() == Strategy.AB_TESTING && cluster.route(m.route()).getSpec().getRules().size() != 2)
            return "the route still has the experiment's rules";
        if (m.strategy() == Strategy.CANARY) {
            Map<String, Integer> w = cluster.weights(m.route(), 0);
            if (w.get(m.name() + "-stable") != 100) return "weights " + w;
        }
        return null;
    }
}
