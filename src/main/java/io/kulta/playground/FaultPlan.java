package io.kulta.playground;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seeded random faults for the requests of one client (picked by User-Agent prefix), at a configurable rate: the
 * answers a busy or failing API server gives. Whether request n (counted over the picked client's requests, from 1)
 * is faulted, and how, is a function of the seed and n alone, and every fault is logged as
 * {@code fault seed=<seed> request=<n> <FAULT> ...}: a failing run is reproduced by its seed, and the log line says
 * which request of that run got what (the order in which concurrent requests arrive is the one thing a rerun may vary).
 */
public final class FaultPlan {
    private static final Logger LOG = LoggerFactory.getLogger(FaultPlan.class);

    /** What the server does instead of (or on top of) answering normally. */
    public enum Fault {
        /** 409 Conflict on an update or patch, not applied. */
        CONFLICT(409),
        /** 429 with {@code Retry-After: 1}, not applied. */
        TOO_MANY_REQUESTS(429),
        /** 500, not applied. */
        INTERNAL_ERROR(500),
        /** 503, not applied. */
        UNAVAILABLE(503),
        /** Applied, but answered only after {@link #slowReply}, later than the client waits. */
        SLOW_REPLY(0),
        /** Applied, but the reply is lost: the client drops the connection without an answer. */
        DROPPED_CONNECTION(0),
        /** A watch that is accepted and then closed by the server after a while (its client's next watch there is answered 410). */
        WATCH_CLOSED(0),
        /** A watch from a resourceVersion answered 410 Gone, as after a compaction: the client has to list again. */
        REWATCH_GONE(410);

        public final int status;

        Fault(int status) {
            this.status = status;
        }
    }

    /** The fault for request {@code request}; {@code delay}: how late a slow reply comes, or how long a watch lives. */
    public record Decision(long seed, long request, Fault fault, Duration delay) {
        /** The message the injected answer carries, naming what reproduces it. */
        public String message() {
            return "injected fault: seed=" + seed + " request=" + request + " " + fault;
        }

        /** The log line of this fault on this request. */
        public String logLine(String method, String pathAndQuery) {
            return "fault seed=" + seed + " request=" + request + " " + fault
                    + (delay.isZero() ? "" : " after " + delay.toMillis() + " ms") + ": " + method + " " + pathAndQuery;
        }
    }

    private final long seed;
    private final double rate;
    private final String userAgentPrefix;
    private final Set<Fault> faults;
    private final Duration slowReply;
    private final Duration watchLifetime;
    private final AtomicLong requests = new AtomicLong();
    /**
     * The watches (client and path) this plan closed. The mock cannot replay what happened while one was closed, so
     * the client's next watch from a resourceVersion there is answered 410, and it lists again; a real API server would
     * replay the changes since that version instead (or answer 410 too, once they are compacted away).
     */
    private final Set<String> closedWatches = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Queue<String> log = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private FaultPlan(long seed, double rate, String userAgentPrefix, Set<Fault> faults, Duration slowReply, Duration watchLifetime) {
        this.seed = seed;
        this.rate = rate;
        this.userAgentPrefix = userAgentPrefix;
        this.faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
        this.slowReply = slowReply;
        this.watchLifetime = watchLifetime;
    }

    /** Every kind of fault, for the requests of clients whose User-Agent starts with {@code userAgentPrefix}. */
    public static FaultPlan seeded(long seed, double rate, String userAgentPrefix) {
        return new FaultPlan(seed, rate, userAgentPrefix, EnumSet.allOf(Fault.class), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    /** Only these kinds of fault. */
    public FaultPlan only(Set<Fault> kinds) {
        return new FaultPlan(seed, rate, userAgentPrefix, kinds, slowReply, watchLifetime);
    }

    /** A slow reply comes this late: make it longer than the client's request timeout. */
    public FaultPlan slowReply(Duration delay) {
        return new FaultPlan(seed, rate, userAgentPrefix, faults, delay, watchLifetime);
    }

    /** A watch to be closed lives between a tenth of this and this long. */
    public FaultPlan watchLifetime(Duration atMost) {
        return new FaultPlan(seed, rate, userAgentPrefix, faults, slowReply, atMost);
    }

    public long seed() {
        return seed;
    }

    /** How many faults were injected so far. */
    public long injected() {
        return log.size();
    }

    /** The log line of every fault injected so far, in order. */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** How many requests of the picked client were seen so far. */
    public long requests() {
        return requests.get();
    }

    /** The fault for this request, if any; logged. */
    public Optional<Decision> decide(String method, String path, String query, String userAgent) {
        if (userAgent == null || !userAgent.startsWith(userAgentPrefix)) return Optional.empty();
        long n = requests.incrementAndGet();
        List<Fault> candidates = candidates(method, query);
        String watch = userAgent + " " + path;
        Optional<Decision> decision = isWatchFromVersion(query) && closedWatches.remove(watch)
                ? Optional.of(new Decision(seed, n, Fault.REWATCH_GONE, Duration.ZERO))
                : decide(n, candidates);
        decision.filter(d -> d.fault() == Fault.WATCH_CLOSED).ifPresent(d -> closedWatches.add(watch));
        decision.ifPresent(d -> {
            String line = d.logLine(method, query.isEmpty() ? path : path + "?" + query);
            log.add(line);
            LOG.info(line);
        });
        return decision;
    }

    /** The fault for request n among these candidates: the same for the same seed, n and candidates. */
    Optional<Decision> decide(long n, List<Fault> candidates) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
        if (candidates.isEmpty() || random.nextDouble() >= rate) return Optional.empty();
        Fault fault = candidates.get(random.nextInt(candidates.size()));
        Duration delay = switch (fault) {
            case SLOW_REPLY -> slowReply;
            case WATCH_CLOSED -> Duration.ofMillis(random.nextLong(watchLifetime.toMillis() / 10, watchLifetime.toMillis() + 1));
            default -> Duration.ZERO;
        };
        return Optional.of(new Decision(seed, n, fault, delay));
    }

    /** The faults that make sense for this request: a 409 only for an update, a 410 only for a watch from a version. */
    List<Fault> candidates(String method, String query) {
        List<Fault> out = new ArrayList<>();
        boolean watch = isWatch(query);
        for (Fault f : faults) {
            boolean fits = switch (f) {
                case WATCH_CLOSED -> watch;
                case REWATCH_GONE -> isWatchFromVersion(query);
                case CONFLICT -> !watch && (method.equals("PUT") || method.equals("PATCH"));
                default -> !watch;
            };
            if (fits) out.add(f);
        }
        return out;
    }

    private static boolean isWatch(String query) {
        return query.matches("(.*&)?watch=(true|1)(&.*)?");
    }

    private static boolean isWatchFromVersion(String query) {
        return isWatch(query) && query.matches("(.*&)?resourceVersion=[1-9][0-9]*(&.*)?");
    }
}
