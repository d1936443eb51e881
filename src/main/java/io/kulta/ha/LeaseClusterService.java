package io.kulta.ha;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * Leader election as a Camel cluster service (CAMEL-NOTES §2.4): each namespace's view contends for a
 * coordination.k8s.io Lease with fabric8's LeaderElector, with client-go semantics (lease expiry, released on stop),
 * so {@code ClusteredRoutePolicy} and {@code master:} work on it. Namespace {@value #NAMESPACE} is the controller's
 * own: its Lease is {@code leaseName} and it drives the {@link Leadership} that fences the controller's writes.
 *
 * @param client a client for the election only, with a short request timeout; closed when the service stops
 */
public final class LeaseClusterService extends AbstractCamelClusterService<LeaseClusterView> {
    /** The camel-master namespace of the controller's own routes ({@code leaderPolicy}, {@code master:kulta:...}). */
    public static final String NAMESPACE = "kulta";

    final KubernetesClient client;
    final String leaseNamespace;
    final String identity;
    final LeaseTimings timings;
    private final String leaseName;
    private final Leadership leadership;

    public LeaseClusterService(KubernetesClient client, String leaseNamespace, String leaseName, String identity,
                               LeaseTimings timings, Leadership leadership) {
        super("kulta-lease");
        this.client = client;
        this.leaseNamespace = leaseNamespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.timings = timings;
        this.leadership = leadership;
    }

    @Override
    protected LeaseClusterView createView(String namespace) {
        boolean own = NAMESPACE.equals(namespace);
        return new LeaseClusterView(this, namespace, own ? leaseName : leaseName + "-" + namespace,
                own ? leadership : new Leadership());
    }

    @Override
    protected void doStop() throws Exception {
        try {
            super.doStop();
        } finally {
            client.close();
        }
    }
}
