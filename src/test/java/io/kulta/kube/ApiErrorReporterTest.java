package io.kulta.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failed write is classified before it is reported on the Rollout. */
class ApiErrorReporterTest {

    /** fabric8 wraps a request that got no HTTP answer (connection closed, timeout) with code -1, not 0. */
    @Test
    void aRequestThatGotNoAnswerIsTransientAndReportedAsUnreachable() {
        KubernetesClientException noAnswer = new KubernetesClientException("Connection was closed", new IOException("closed"));

        assertThat(noAnswer.getCode()).as("how fabric8 builds it").isEqualTo(-1);
        assertThat(ApiErrorReporter.isTransient(noAnswer)).as("passes by itself: reported only once it lasts").isTrue();
        assertThat(ApiErrorReporter.reason(noAnswer)).isEqualTo("Unreachable");
    }
}
