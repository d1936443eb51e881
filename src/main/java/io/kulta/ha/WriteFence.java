package io.kulta.ha;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;

import java.util.Set;

/**
 * The controller client's fence: a request that changes the cluster leaves only while this instance leads. A leader
 * that has lost its Lease may still be finishing a reconcile when the routes stop; its writes are refused here, on
 * this side of the network, before a new leader could have taken the Lease (the renew deadline is shorter than the
 * lease duration). Reads and watches always pass: followers keep their caches warm.
 */
public final class WriteFence implements Interceptor {
    public static final String NAME = "kulta-write-fence";
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private final Leadership leadership;

    public WriteFence(Leadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        if (!READS.contains(request.method()) && !leadership.getAsBoolean())
            throw new NotLeaderException(request.method() + " " + request.uri().getPath());
    }

    /** A write attempted by an instance that does not lead. */
    public static final class NotLeaderException extends IllegalStateException {
        NotLeaderException(String request) {
            super("not the leader: " + request + " refused");
        }
    }
}
