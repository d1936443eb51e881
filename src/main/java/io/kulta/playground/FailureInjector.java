package io.kulta.playground;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** Rules that answer the next matching requests with an error status instead of dispatching them. */
final class FailureInjector {

    /** An error answer: the HTTP status and the Status object's message. */
    record Failure(int status, String message) {}

    private record Rule(String method, Pattern path, Failure failure, AtomicInteger remaining) {}

    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    void add(String method, String pathRegex, int status, int times, String message) {
        rules.add(new Rule(method, Pattern.compile(pathRegex), new Failure(status, message), new AtomicInteger(times)));
    }

    /**
     * The failure to answer with, consuming one use of the first matching rule that has uses left. A rule matches the
     * path without its query, or with it (so a rule can single out watches: {@code .*\\?.*watch=true.*}).
     */
    Optional<Failure> take(String method, String path, String pathAndQuery) {
        for (Rule rule : rules) {
            if (rule.method().equalsIgnoreCase(method)
                    && (rule.path().matcher(path).matches() || rule.path().matcher(pathAndQuery).matches())
                    && rule.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Optional.of(rule.failure());
            }
        }
        rules.removeIf(rule -> rule.remaining().get() == 0);
        return Optional.empty();
    }

    void clear() {
        rules.clear();
    }
}
