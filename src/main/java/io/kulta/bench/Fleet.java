package io.kulta.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.core.Annotations;
import io.kulta.model.Rollout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/** N canary Rollouts with their Services and HTTPRoutes in one namespace, and the edits a user makes to all of them. */
final class Fleet {
    static final String REVISION_ANNOTATION = "bench.kulta.io/revision";
    /** The harness's informers list in pages of this many, as the controller's do: one list of 10,000 outlasts the request timeout. */
    static final long LIST_PAGE = 500;
    private static final String MEMBER = read("bench/canary-fleet-member.yaml");
    private static final int WRITERS = 8;

    private final KubernetesClient client;
    private final String namespace;
    private final List<String> names;

    Fleet(KubernetesClient client, String namespace, int size) {
        this.client = client;
        this.namespace = namespace;
        this.names = IntStream.range(0, size).mapToObj(i -> "app-%05d".formatted(i)).toList();
    }

    List<String> names() {
        return names;
    }

    String namespace() {
        return namespace;
    }

    /** Creates the namespace and, for every member, its two Services, its HTTPRoute and its Rollout. */
    Fleet create() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .createOr(existing -> existing.update());
        forEach(name -> members(name).forEach(object -> client.resource(object).inNamespace(namespace).create()));
        return this;
    }

    /**
     * A change of every Rollout's pod template: a new revision for each.
     * @return each member's generation with the new template, to wait for the state that follows this change
     */
    Map<String, Long> changeTemplates(String revision) {
        Map<String, Long> generations = new ConcurrentHashMap<>();
        forEach(name -> generations.put(name, changeTemplate(name, revision)));
        return generations;
    }

    long changeTemplate(String name, String revision) {
        return mergePatch(name, "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"%s\":\"%s\"}}}}}"
                .formatted(REVISION_ANNOTATION, revision)).getMetadata().getGeneration();
    }

    /** {@code kubectl annotate rollout <name> kulta.io/promote=true} on every member. */
    void promoteAll() {
        forEach(name -> mergePatch(name, "{\"metadata\":{\"annotations\":{\"%s\":\"true\"}}}".formatted(Annotations.PROMOTE)));
    }

    private Rollout mergePatch(String name, String json) {
        return client.resources(Rollout.class).inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    /** Runs the edit for every member, a few at a time, and returns when all are done. */
    void forEach(Consumer<String> edit) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(WRITERS, Math.max(1, names.size())));
        try {
            names.stream().map(name -> pool.submit(() -> edit.accept(name))).toList().forEach(Waits::join);
        } finally {
            pool.shutdownNow();
        }
    }

    static List<HasMetadata> members(String name) {
        String[] docs = MEMBER.replace("NAME", name).split("(?m)^---$");
        return List.of(Serialization.unmarshal(docs[0], Rollout.class), Serialization.unmarshal(docs[1], Service.class),
                Serialization.unmarshal(docs[2], Service.class), Serialization.unmarshal(docs[3], HTTPRoute.class));
    }

    private static String read(String resource) {
        try (InputStream in = Fleet.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
