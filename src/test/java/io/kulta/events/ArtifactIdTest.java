package io.kulta.events;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactIdTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "ghcr.io/example/shop:2.0.0 | pkg:oci/shop@2.0.0?repository_url=ghcr.io/example/shop",
            "nginx:1.27 | pkg:oci/nginx@1.27?repository_url=docker.io/library/nginx",
            "example/shop:v1 | pkg:oci/shop@v1?repository_url=docker.io/example/shop",
            "localhost:5000/shop@sha256:abc123 | pkg:oci/shop@sha256%3Aabc123?repository_url=localhost%3A5000/shop",
            "ghcr.io/x/shop:1.0@sha256:abc | pkg:oci/shop@sha256%3Aabc?repository_url=ghcr.io/x/shop&tag=1.0",
            "ghcr.io/example/shop | ghcr.io/example/shop",
            "Not/Valid:Tag | Not/Valid:Tag",
    })
    void anImageBecomesAPurlWhenItNamesATagOrADigestElseStaysRaw(String image, String expected) {
        assertThat(ArtifactId.of(image)).isEqualTo(expected);
    }
}
