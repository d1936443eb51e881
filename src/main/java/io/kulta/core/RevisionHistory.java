package io.kulta.core;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * spec.revisionHistoryLimit (default 10, as Argo): of the ReplicaSets of older revisions (neither stable, canary nor
 * the template's), those beyond the newest {@code limit} are deleted, oldest first by creation time — but only once
 * they are at zero replicas, both desired (observed and planned) and running. Their pods are gone, so nothing serves
 * traffic from them; keeping {@code limit} of them lets a rollback to a recent revision reuse its ReplicaSet.
 */
public final class RevisionHistory {
    public static final int DEFAULT_LIMIT = 10;

    private RevisionHistory() {
    }

    /** @return names of the ReplicaSets to delete, oldest first */
    public static List<String> toDelete(Collection<ReplicaSetState> observed, Set<String> keep, Map<String, Integer> planned,
                                        int limit) {
        List<ReplicaSetState> old = observed.stream().filter(rs -> !keep.contains(rs.revision()))
                .sorted(Comparator.comparing(ReplicaSetState::created, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
                        .thenComparing(ReplicaSetState::name))
                .toList();
        int excess = old.size() - Math.max(0, limit);
        return old.stream().limit(Math.max(0, excess))
                .filter(rs -> rs.desired() == 0 && rs.current() == 0 && planned.getOrDefault(rs.revision(), 0) == 0)
                .map(ReplicaSetState::name)
                .toList();
    }
}
