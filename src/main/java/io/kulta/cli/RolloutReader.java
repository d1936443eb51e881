package io.kulta.cli;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kulta.core.Labels;
import io.kulta.model.Rollout;

import java.util.List;

/** Reads a Rollout's view once: its ReplicaSets by the controller's label, and its HTTPRoute. */
final class RolloutReader {
    private RolloutReader() {
    }

    static RolloutView read(KubernetesClient client, Rollout rollout, ClusterCommand command) {
        String name = rollout.getMetadata().getName();
        command.doing("list", "replicasets.apps", "the ReplicaSets of rollout " + name);
        List<ReplicaSet> sets = client.apps().replicaSets().withLabel(Labels.ROLLOUT, name).list().getItems();
        String routeName = RolloutView.routeName(rollout);
        HTTPRoute route = null;
        if (routeName != null) {
            command.doing("get", "httproutes.gateway.networking.k8s.io", "httproute " + routeName);
            route = client.resources(HTTPRoute.class).withName(routeName).get();
        }
        return new RolloutView(rollout, sets, route);
    }
}
