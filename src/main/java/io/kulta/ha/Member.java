package io.kulta.ha;

import org.apache.camel.cluster.CamelClusterMember;

import java.util.function.BooleanSupplier;

/** A member of the controller's cluster: this instance, or the one the Lease names. */
final class Member implements CamelClusterMember {
    private final String id;
    private final boolean local;
    private final BooleanSupplier leader;

    Member(String id, boolean local, BooleanSupplier leader) {
        this.id = id;
        this.local = local;
        this.leader = leader;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isLeader() {
        return leader.getAsBoolean();
    }

    @Override
    public boolean isLocal() {
        return local;
    }

    @Override
    public String toString() {
        return id + (local ? " (this instance)" : "");
    }
}
