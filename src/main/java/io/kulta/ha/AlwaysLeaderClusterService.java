package io.kulta.ha;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

import java.util.List;
import java.util.Optional;

/**
 * Leader election off (the default): this instance leads every namespace from the start, so the same routes, with the
 * same {@code leaderPolicy} and {@code master:} endpoints, run in both modes.
 */
public final class AlwaysLeaderClusterService extends AbstractCamelClusterService<AlwaysLeaderClusterService.View> {
    private final Leadership leadership;
    private final String identity;

    public AlwaysLeaderClusterService(Leadership leadership, String identity) {
        super("kulta-always-leader");
        this.leadership = leadership;
        this.identity = identity;
        leadership.set(true);   // even before a route asks for the view: nothing else could lead
    }

    @Override
    protected View createView(String namespace) {
        return new View(this, namespace);
    }

    static final class View extends AbstractCamelClusterView {
        private final Member local;

        View(AlwaysLeaderClusterService service, String namespace) {
            super(service, namespace);
            this.local = new Member(service.identity, true, () -> true);
        }

        @Override
        protected void doStart() {
            fireLeadershipChangedEvent(local);
        }

        @Override
        protected void doStop() {
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return Optional.of(local);
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(local);
        }
    }
}
