package io.kulta.core;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §3 Revisions: FNV-32a of the canonical JSON of spec.template, safe-encoded like pod-template-hash. */
class RevisionHashTest {
    static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    @Test
    void theSameTemplateAlwaysHasTheSameRevision() {
        assertThat(RevisionHash.of(template("shop:v1"))).isEqualTo(RevisionHash.of(template("shop:v1")));
    }

    @Test
    void aNewImageIsANewRevision() {
        assertThat(RevisionHash.of(template("shop:v2"))).isNotEqualTo(RevisionHash.of(template("shop:v1")));
    }

    @Test
    void theOrderOfLabelsAndAnnotationsDoesNotMatter() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("app", "shop");
        ab.put("tier", "web");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("tier", "web");
        ba.put("app", "shop");
        PodTemplateSpec first = new PodTemplateSpecBuilder(template("shop:v1")).editMetadata()
                .withLabels(ab).withAnnotations(ab).endMetadata().build();
        PodTemplateSpec second = new PodTemplateSpecBuilder(template("shop:v1")).editMetadata()
                .withLabels(ba).withAnnotations(ba).endMetadata().build();

        assertThat(RevisionHash.of(first)).isEqualTo(RevisionHash.of(second));
    }

    @Test
    void nullAndEmptyFieldsDoNotChangeTheRevision() {
        PodTemplateSpec bare = template("shop:v1");
        PodTemplateSpec withEmpties = new PodTemplateSpecBuilder(bare)
                .editMetadata().withAnnotations(Map.of()).withFinalizers(List.of()).endMetadata()
                .editSpec().withNodeSelector(Map.of()).withVolumes(List.of()).withTolerations(List.of())
                .editFirstContainer().withEnv(List.of()).withArgs(List.of()).withCommand((List<String>) null)
                .withNewResources().endResources().endContainer().endSpec()
                .build();

        assertThat(RevisionHash.of(withEmpties)).isEqualTo(RevisionHash.of(bare));
    }

    @Test
    void anyRealChangeToThePodTemplateIsANewRevision() {
        String base = RevisionHash.of(template("shop:v1"));
        PodTemplateSpec withEnv = new PodTemplateSpecBuilder(template("shop:v1")).editSpec().editFirstContainer()
                .addNewEnv().withName("MODE").withValue("fast").endEnv().endContainer().endSpec().build();
        PodTemplateSpec withLabel = new PodTemplateSpecBuilder(template("shop:v1")).editMetadata()
                .addToLabels("tier", "web").endMetadata().build();

        assertThat(RevisionHash.of(withEnv)).isNotEqualTo(base);
        assertThat(RevisionHash.of(withLabel)).isNotEqualTo(base).isNotEqualTo(RevisionHash.of(withEnv));
    }

    @ParameterizedTest(name = "image {0}")
    @CsvSource({"shop:v1", "shop:v2", "ghcr.io/example/shop:1.0.0", "nginx@sha256:0123456789abcdef", "x"})
    void aRevisionUsesOnlyTheSafeAlphabetAndFitsALabel(String image) {
        String revision = RevisionHash.of(template(image));

        assertThat(revision).isNotEmpty().hasSizeLessThanOrEqualTo(10);
        assertThat(revision.chars()).allMatch(c -> SAFE_ALPHABET.indexOf(c) >= 0);
    }

    @ParameterizedTest(name = "FNV-32a of \"{0}\" is {1}")
    @CsvSource({"'', 811c9dc5", "a, e40c292c", "foobar, bf9cf968"})
    void theHashIsFnv32a(String input, String hex) {
        assertThat(Integer.toHexString(RevisionHash.fnv32a(input.getBytes(StandardCharsets.UTF_8)))).isEqualTo(hex);
    }

    @Test
    void safeEncodingMapsEachDigitLikeKubernetes() {
        // Kubernetes' rand.SafeEncodeString: alphanums[b % len(alphanums)] over the decimal digits
        assertThat(RevisionHash.safeEncode("0123456789")).isEqualTo("456789bcdf");
    }

    private static PodTemplateSpec template(String image) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("app", "shop").endMetadata()
                .withNewSpec().addNewContainer().withName("shop").withImage(image).endContainer().endSpec()
                .build();
    }
}
