package io.kulta.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kulta.model.CanaryStrategy;
import io.kulta.model.Rollout;
import io.kulta.model.RolloutStrategy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Every document in examples/ is a complete object, and every Rollout there passes the schema of deploy/crd.yaml. */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("examples");
    private static final String TYPE_LABEL = "rollouts.kulta.io/type";
    private static SchemaValidator rolloutSchema;

    @BeforeAll
    static void loadCrd() throws IOException {
        try (InputStream in = Files.newInputStream(CrdAssembler.COMMITTED)) {
            rolloutSchema = SchemaValidator.forCrd(Serialization.unmarshal(in, CustomResourceDefinition.class), Rollout.VERSION);
        }
    }

    static Stream<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
            assertThat(yaml).isNotEmpty();
            return yaml.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void documentsAreNamedAndNamespaceFree(Path file) throws IOException {
        for (HasMetadata doc : documents(file)) {
            assertThat(doc.getApiVersion()).as("%s: apiVersion", file).isNotBlank();
            assertThat(doc.getKind()).as("%s: kind", file).isNotBlank();
            assertThat(doc.getMetadata().getName()).as("%s: a %s without name", file, doc.getKind()).isNotBlank();
            assertThat(doc.getMetadata().getNamespace()).as("%s: %s sets a namespace, so -n would not apply", file, doc.getMetadata().getName()).isNull();
            if (doc instanceof GenericKubernetesResource) {
                assertThat(doc.getApiVersion() + " " + doc.getKind())
                        .as("%s: %s is of a kind fabric8 does not know (a typo?)", file, doc.getMetadata().getName())
                        .isEqualTo(Rollout.API_VERSION + " Rollout");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void rolloutsPassTheCrdSchema(Path file) throws IOException {
        for (HasMetadata doc : rollouts(file)) {
            assertThat(rolloutSchema.validate(tree(doc))).as("%s: Rollout %s", file, doc.getMetadata().getName()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void rolloutsFindTheirServicesAndRouteInTheSameFile(Path file) throws IOException {
        List<HasMetadata> docs = documents(file);
        for (HasMetadata doc : rollouts(file)) {
            Rollout rollout = Serialization.jsonMapper().convertValue(tree(doc), Rollout.class);
            Map<String, String> podLabels = rollout.getSpec().template.getMetadata().getLabels();
            assertThat(podLabels).as("template labels").containsAllEntriesOf(rollout.getSpec().selector.getMatchLabels());
            for (String serviceName : serviceNames(rollout.getSpec().strategy)) {
                Service service = find(docs, Service.class, serviceName);
                Map<String, String> selector = new java.util.HashMap<>(service.getSpec().getSelector());
                selector.remove(TYPE_LABEL);
                assertThat(podLabels).as("Service %s selects the rollout's pods", serviceName).containsAllEntriesOf(selector);
            }
            String routeName = routeName(rollout.getSpec().strategy);
            if (routeName != null) {
                assertThat(find(docs, HTTPRoute.class, routeName).getSpec().getRules())
                        .as("HTTPRoute %s has a rule sending to the rollout's Services", routeName)
                        .anySatisfy(rule -> assertThat(rule.getBackendRefs()).extracting(HTTPBackendRef::getName)
                                .containsAnyElementsOf(serviceNames(rollout.getSpec().strategy)));
            }
        }
    }

    @Test
    void canaryExampleIsTheShopDemo() throws IOException {
        List<HasMetadata> docs = documents(EXAMPLES.resolve("canary.yaml"));
        Rollout rollout = Serialization.jsonMapper().convertValue(tree(find(docs, HasMetadata.class, "kulta-demo")), Rollout.class);
        assertThat(rollout.getSpec().replicas).isEqualTo(5);
        CanaryStrategy canary = rollout.getSpec().strategy.canary;
        assertThat(canary.steps).extracting(step -> step.setWeight, step -> step.pause.duration)
                .containsExactly(tuple(20, null), tuple(50, "30s"), tuple(80, "30s"));
        assertThat(canary.trafficRouting.gatewayAPI.httpRoute).isEqualTo("shop-route");

        assertThat(find(docs, Service.class, "shop-stable").getSpec().getSelector()).containsEntry(TYPE_LABEL, "stable");
        assertThat(find(docs, Service.class, "shop-canary").getSpec().getSelector()).containsEntry(TYPE_LABEL, "canary");
        HTTPRoute route = find(docs, HTTPRoute.class, "shop-route");
        assertThat(route.getSpec().getRules()).hasSize(2);
        assertThat(route.getSpec().getRules().get(0).getBackendRefs())
                .extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight, HTTPBackendRef::getPort)
                .containsExactly(tuple("shop-stable", 100, 80), tuple("shop-canary", 0, 80));
        assertThat(route.getSpec().getRules().get(1).getBackendRefs()).extracting(HTTPBackendRef::getName)
                .containsExactly("static-assets");
    }

    private static List<HasMetadata> documents(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = Serialization.unmarshal(in);
            List<HasMetadata> docs = new ArrayList<>();
            for (Object doc : parsed instanceof List<?> list ? list : List.of(parsed)) {
                assertThat(doc).as("%s: every document is a Kubernetes object", file).isInstanceOf(HasMetadata.class);
                docs.add((HasMetadata) doc);
            }
            return docs;
        }
    }

    private static List<HasMetadata> rollouts(Path file) throws IOException {
        return documents(file).stream()
                .filter(doc -> Rollout.API_VERSION.equals(doc.getApiVersion()) && "Rollout".equals(doc.getKind()))
                .toList();
    }

    /** The document as the API server receives it (a Rollout is parsed generically, so unknown fields survive). */
    private static JsonNode tree(HasMetadata doc) {
        return Serialization.jsonMapper().valueToTree(doc);
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> docs, Class<T> type, String name) {
        return docs.stream()
                .filter(type::isInstance)
                .filter(doc -> name.equals(doc.getMetadata().getName()))
                .map(type::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
    }

    private static List<String> serviceNames(RolloutStrategy strategy) {
        if (strategy.canary != null) {
            return List.of(strategy.canary.stableService, strategy.canary.canaryService);
        }
        if (strategy.blueGreen != null) {
            return List.of(strategy.blueGreen.activeService, strategy.blueGreen.previewService);
        }
        if (strategy.abTesting != null) {
            return List.of(strategy.abTesting.variantAService, strategy.abTesting.variantBService);
        }
        return List.of();
    }

    private static String routeName(RolloutStrategy strategy) {
        var routing = strategy.canary != null ? strategy.canary.trafficRouting
                : strategy.blueGreen != null ? strategy.blueGreen.trafficRouting
                : strategy.abTesting != null ? strategy.abTesting.trafficRouting : null;
        return routing == null || routing.gatewayAPI == null ? null : routing.gatewayAPI.httpRoute;
    }
}
