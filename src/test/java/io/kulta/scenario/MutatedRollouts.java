package io.kulta.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A seeded generator of Rollout manifests: an example of examples/ with one mutation (a wrong type, a missing field, a
 * huge or negative number, a bad duration, 10,000 steps, a 1 MiB string (see {@link Sizes}), two strategies, a value that breaks PromQL, JSON,
 * HTTP headers or log lines). Each says which field it changed and whether it meant to make the Rollout invalid
 * ({@link Intent#UNKNOWN} where neither SPEC.md nor Kubernetes says). The same seed gives the same manifests.
 */
final class MutatedRollouts {
    enum Intent { INVALID, VALID, UNKNOWN }

    /** @param field the changed field as the controller names fields, e.g. spec.strategy.canary.steps[1].pause.duration */
    record Mutant(String name, String base, String kind, String field, Intent intent, ObjectNode manifest) {
        String describe() {
            String json = manifest.at(pointer(field)).toString();
            return name + " (" + base + ", " + kind + " at " + field + " = " + (json.length() > 80 ? json.substring(0, 80) + "…" : json) + ")";
        }
    }

    static final List<Path> BASES = List.of(Path.of("examples/canary.yaml"), Path.of("examples/canary-analysis.yaml"),
            Path.of("examples/blue-green.yaml"), Path.of("examples/ab-testing.yaml"), Path.of("examples/simple.yaml"));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> REQUIRED = Set.of("selector", "template", "strategy", "stableService", "canaryService",
            "steps", "activeService", "previewService", "variantAService", "variantBService", "variantBMatch", "httpRoute",
            "name", "value");
    private static final Set<String> NAMES = Set.of("stableService", "canaryService", "activeService", "previewService",
            "variantAService", "variantBService", "httpRoute");
    private static final Set<String> DURATIONS = Set.of("duration", "warmupDuration", "interval", "maxDuration", "minDuration");
    private static final List<String> BAD_DURATIONS = List.of("5µ", "0s", "-1m", "1.5m", "", "5x", "86401s", "1441m", "169h",
            "99999999999999999999s", "1h 30m", "30S", "P1D");
    private static final List<String> HOSTILE = List.of("a\"b", "x\ny", "}", "{{rollout}}", "\"} or vector(1) #",
            "nul\u0000byte", "X-Evil: 1\r\nSet-Cookie: a=b", "../../etc/passwd", "🙂", "<script>", "a b", "-leading");

    /**
     * How big the big mutations are. The mock's watch stream stops for good, silently, at an event of some tens of KiB
     * (100 KB always, 50 KB at times: its web-socket server's limits), so there they stay small; a real API server
     * takes the 1 MiB string and 10,000 steps.
     */
    /**
     * The run's seed: fixed in ./mvnw verify, so CI fails the same way twice; {@code -Dkulta.mutationSeed=N} repeats a
     * run and {@code -Dkulta.mutationSeed=random} (the soak profile) tries a new one, printed.
     */
    static long seed() {
        String property = System.getProperty("kulta.mutationSeed", "20261202");
        return property.equals("random") ? new java.util.SplittableRandom().nextLong() : Long.parseLong(property);
    }

    record Sizes(int hugeString, int manySteps) {
        static final Sizes REAL = new Sizes(1 << 20, 10_000);
        static final Sizes MOCK = new Sizes(16 << 10, 1_000);
    }

    private final Random random;
    private final Sizes sizes;
    private final Map<String, ObjectNode> bases = new java.util.LinkedHashMap<>();

    MutatedRollouts(long seed, Sizes sizes) {
        this.random = new Random(seed);
        this.sizes = sizes;
        for (Path p : BASES) bases.put(p.getFileName().toString(), RawRollouts.example(p, "base"));
    }

    /** The next mutant, named {@code <prefix><index>}, its Services and route renamed to end in -{@code <index>}. */
    Mutant next(String prefix, int index) {
        String base = List.copyOf(bases.keySet()).get(random.nextInt(bases.size()));
        ObjectNode manifest = bases.get(base).deepCopy();
        String name = prefix + String.format("%04d", index);
        ((ObjectNode) manifest.get("metadata")).put("name", name);
        renameReferences(manifest.get("spec"), suffix(name));
        return switch (random.nextInt(9)) {
            case 0, 1 -> wrongType(name, base, manifest);
            case 2 -> missing(name, base, manifest);
            case 3 -> number(name, base, manifest);
            case 4 -> duration(name, base, manifest);
            case 5 -> random.nextBoolean() ? manySteps(name, base, manifest) : hugeString(name, base, manifest);
            case 6 -> twoStrategies(name, base, manifest);
            default -> hostile(name, base, manifest);
        };
    }

    /** The suffix added to every Service and HTTPRoute a mutant names: its own, so mutants never share one. */
    static String suffix(String name) {
        return "-" + name;
    }

    /** The Services and HTTPRoute of a mutant's example, renamed with its {@link #suffix}, as JSON. */
    static List<ObjectNode> references(String base, String name) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode doc : RawRollouts.documents(Path.of("examples", base))) {
            String kind = doc.path("kind").asText();
            if (!kind.equals("Service") && !kind.equals("HTTPRoute")) continue;
            ((ObjectNode) doc.get("metadata")).put("name", doc.at("/metadata/name").asText() + suffix(name));
            for (JsonNode rule : doc.at("/spec/rules"))
                for (JsonNode ref : rule.path("backendRefs"))
                    ((ObjectNode) ref).put("name", ref.path("name").asText() + suffix(name));
            out.add(doc);
        }
        return out;
    }

    private Mutant wrongType(String name, String base, ObjectNode m) {
        String field = pick(m, n -> true);
        JsonNode old = m.at(pointer(field));
        JsonNode replacement = switch (old.getNodeType()) {
            case STRING -> oneOf(NODES.numberNode(7), NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode());
            case NUMBER -> oneOf(NODES.textNode("three"), NODES.booleanNode(false), NODES.arrayNode(), NODES.objectNode());
            case BOOLEAN -> oneOf(NODES.textNode("yes"), NODES.numberNode(1), NODES.objectNode());
            case ARRAY -> oneOf(NODES.textNode("x"), NODES.numberNode(3), NODES.objectNode());
            default -> oneOf(NODES.textNode("x"), NODES.numberNode(3), NODES.arrayNode().add("x"));
        };
        set(m, field, replacement);
        boolean intOrString = Set.of("maxSurge", "maxUnavailable").contains(last(field)) && !replacement.isContainerNode();
        return new Mutant(name, base, "wrong type", field, intOrString ? Intent.UNKNOWN : Intent.INVALID, m);
    }

    private Mutant missing(String name, String base, ObjectNode m) {
        String field = pick(m, n -> true);
        JsonNode parent = m.at(pointer(parent(field)));
        if (parent.isArray()) ((ArrayNode) parent).remove(Integer.parseInt(last(field)));
        else ((ObjectNode) parent).remove(last(field));
        // the pod template is the API server's to validate (SPEC §3: a 422 on the ReplicaSet is reported as such)
        boolean required = REQUIRED.contains(last(field)) && !field.startsWith("spec.template");
        return new Mutant(name, base, "missing field", field, required ? Intent.INVALID : Intent.UNKNOWN, m);
    }

    private Mutant number(String name, String base, ObjectNode m) {
        String field = pick(m, JsonNode::isNumber);
        if (field == null) return missing(name, base, m);
        JsonNode value = oneOf(NODES.numberNode(2147483648L), NODES.numberNode(1e20), NODES.numberNode(-1),
                NODES.numberNode(-2147483649L), NODES.numberNode(2.5), NODES.numberNode(new java.math.BigInteger("9".repeat(30))));
        set(m, field, value);
        // SPEC.md bounds the integers; a threshold may be any number, and the pod template is the API server's to check
        boolean bounded = !Set.of("threshold", "min", "max").contains(last(field)) && !field.startsWith("spec.template");
        return new Mutant(name, base, "number " + value, field, bounded ? Intent.INVALID : Intent.UNKNOWN, m);
    }

    private Mutant duration(String name, String base, ObjectNode m) {
        String field = pick(m, n -> false, DURATIONS);
        if (field == null) {   // one without durations gets a pause somewhere it can have one
            if (!m.at("/spec/strategy/canary/steps").isArray()) return number(name, base, m);
            field = "spec.strategy.canary.steps[0].pause.duration";
            ((ObjectNode) m.at("/spec/strategy/canary/steps/0")).putObject("pause");
        }
        boolean good = random.nextInt(5) == 0;
        String value = good ? oneOf(NODES.textNode("30s"), NODES.textNode("5m"), NODES.textNode("2h")).asText()
                : BAD_DURATIONS.get(random.nextInt(BAD_DURATIONS.size()));
        set(m, field, NODES.textNode(value));
        return new Mutant(name, base, "duration \"" + value + "\"", field, good ? Intent.VALID : Intent.INVALID, m);
    }

    private Mutant manySteps(String name, String base, ObjectNode m) {
        ObjectNode canary = m.at("/spec/strategy/canary").isObject() ? (ObjectNode) m.at("/spec/strategy/canary") : null;
        if (canary == null) return hugeString(name, base, m);
        ArrayNode steps = canary.putArray("steps");
        for (int i = 0; i < sizes.manySteps(); i++) steps.addObject().put("setWeight", i % 101);
        return new Mutant(name, base, sizes.manySteps() + " steps", "spec.strategy.canary.steps", Intent.UNKNOWN, m);
    }

    private Mutant hugeString(String name, String base, ObjectNode m) {
        String field = pick(m, JsonNode::isTextual);
        set(m, field, NODES.textNode("a".repeat(sizes.hugeString())));
        return new Mutant(name, base, (sizes.hugeString() >> 10) + " KiB string", field, NAMES.contains(last(field)) || DURATIONS.contains(last(field))
                ? Intent.INVALID : Intent.UNKNOWN, m);
    }

    private Mutant twoStrategies(String name, String base, ObjectNode m) {
        ObjectNode strategy = (ObjectNode) m.at("/spec/strategy");
        String other = strategy.has("blueGreen") ? "canary" : "blueGreen";
        ObjectNode extra = (ObjectNode) bases.get(other.equals("canary") ? "canary.yaml" : "blue-green.yaml").at("/spec/strategy/" + other).deepCopy();
        renameReferences(extra, suffix(name));
        strategy.set(other, extra);
        return new Mutant(name, base, "two strategies", "spec.strategy", Intent.INVALID, m);
    }

    private Mutant hostile(String name, String base, ObjectNode m) {
        String value = HOSTILE.get(random.nextInt(HOSTILE.size()));
        if (random.nextBoolean()) {   // a label value, in the selector and the template alike so they still match
            String key = m.at("/spec/selector/matchLabels").fieldNames().next();
            ((ObjectNode) m.at("/spec/selector/matchLabels")).put(key, value);
            ((ObjectNode) m.at("/spec/template/metadata/labels")).put(key, value);
            return new Mutant(name, base, "label value", "spec.selector.matchLabels." + key, Intent.INVALID, m);
        }
        String field = pick(m, JsonNode::isTextual);
        set(m, field, NODES.textNode(value));
        boolean token = field.endsWith("variantBMatch.header.name") || field.endsWith("cookie.name");   // RFC 7230: "-leading" is one
        boolean named = NAMES.contains(last(field)) || token && !value.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
        return new Mutant(name, base, "hostile string", field, named ? Intent.INVALID : Intent.UNKNOWN, m);
    }

    /** A random field under spec (the pod template's containers included) whose value passes the test, or one named in names. */
    private String pick(ObjectNode m, Predicate<JsonNode> test) {
        return pick(m, test, Set.of());
    }

    private String pick(ObjectNode m, Predicate<JsonNode> test, Set<String> names) {
        List<String> fields = new ArrayList<>();
        collect(m.get("spec"), "spec", fields, test, names);
        return fields.isEmpty() ? null : fields.get(random.nextInt(fields.size()));
    }

    private static void collect(JsonNode node, String at, List<String> out, Predicate<JsonNode> test, Set<String> names) {
        if (!at.equals("spec") && (test.test(node) || names.contains(last(at)))) out.add(at);
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var f = it.next();
                if (!f.getKey().matches("[A-Za-z0-9_-]+")) continue;   // map keys such as app.kubernetes.io/name
                collect(f.getValue(), at + "." + f.getKey(), out, test, names);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) collect(node.get(i), at + "[" + i + "]", out, test, names);
        }
    }

    private static void renameReferences(JsonNode node, String suffix) {
        if (node.isObject()) {
            var fields = new ArrayList<Map.Entry<String, JsonNode>>();
            node.fields().forEachRemaining(fields::add);
            for (var f : fields) {
                if (NAMES.contains(f.getKey()) && f.getValue().isTextual())
                    ((ObjectNode) node).put(f.getKey(), f.getValue().asText() + suffix);
                else renameReferences(f.getValue(), suffix);
            }
        } else if (node.isArray()) {
            node.forEach(child -> renameReferences(child, suffix));
        }
    }

    private void set(ObjectNode m, String field, JsonNode value) {
        JsonNode parent = m.at(pointer(parent(field)));
        String last = last(field);
        if (parent.isArray()) ((ArrayNode) parent).set(Integer.parseInt(last), value);
        else ((ObjectNode) parent).set(last, value);
    }

    @SafeVarargs
    private <T> T oneOf(T... options) {
        return options[random.nextInt(options.length)];
    }

    /** spec.steps[1].pause → /spec/steps/1/pause */
    static String pointer(String field) {
        return "/" + field.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
    }

    /** spec.steps[1].pause → spec.steps[1]; spec.steps[1] → spec.steps */
    static String parent(String field) {
        int cut = Math.max(field.lastIndexOf('.'), field.lastIndexOf('['));
        return field.substring(0, cut);
    }

    /** spec.steps[1].pause → pause; spec.steps[1] → 1 */
    static String last(String field) {
        int dot = field.lastIndexOf('.');
        int bracket = field.lastIndexOf('[');
        return bracket > dot ? field.substring(bracket + 1, field.length() - 1) : field.substring(dot + 1);
    }
}
