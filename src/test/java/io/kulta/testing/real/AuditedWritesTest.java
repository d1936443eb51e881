package io.kulta.testing.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kulta.playground.WriteLog.Write;
import io.kulta.testing.ownership.OwnershipCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-written audit events of kube-apiserver (level RequestResponse) read as the writes OwnershipCheck judges. */
class AuditedWritesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTROLLER = "kulta/pod-1";
    private static final String USER = "kubectl/v1.34.4";
    private static final String SERVICES = "/api/v1/namespaces/shop/services";

    private static final String ROLLOUT = """
            {"apiVersion":"kulta.io/v1alpha1","kind":"Rollout","metadata":{"name":"kulta-demo","namespace":"shop","resourceVersion":"5"},
             "spec":{"strategy":{"canary":{"stableService":"shop-stable","canaryService":"shop-canary"}}}}""";

    @Test
    void theStoredObjectBeforeAWriteIsWhatThePreviousWriteToItWasAnswered() {
        List<Write> writes = AuditedWrites.from(List.of(
                event(USER, "create", SERVICES + "?fieldManager=kubectl", "", 201, service("10", "stable"), service("10", "stable")),
                event(CONTROLLER, "patch", SERVICES + "/shop-stable", "shop-stable", 200, "{\"spec\":{\"selector\":{\"pod-template-hash\":\"abc\"}}}",
                        service("12", "abc"))));

        Write patch = writes.get(1);
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.path()).isEqualTo(SERVICES + "/shop-stable");
        assertThat(patch.userAgent()).isEqualTo(CONTROLLER);
        assertThat(patch.status()).isEqualTo(200);
        assertThat(patch.body()).contains("pod-template-hash");
        assertThat(patch.before()).isEqualTo(writes.get(0).after()).contains("\"resourceVersion\":\"10\"");
        assertThat(patch.after()).contains("\"resourceVersion\":\"12\"", "\"abc\"");
        assertThat(writes.get(0).method()).isEqualTo("POST");
        assertThat(writes.get(0).query()).isEqualTo("fieldManager=kubectl");
        assertThat(writes.get(0).before()).as("nothing was stored before the create").isNull();
    }

    @Test
    void versionsFollowTheResourceVersionEtcdStoredThemWithNotTheOrderTheirAnswersWereLogged() {
        List<Write> writes = AuditedWrites.from(List.of(
                event(USER, "create", SERVICES, "", 201, service("10", "stable"), service("10", "stable")),
                event(CONTROLLER, "patch", SERVICES + "/shop-stable", "shop-stable", 200, "{}", service("14", "second")),
                event(USER, "patch", SERVICES + "/shop-stable", "shop-stable", 200, "{}", service("13", "first"))));

        assertThat(writes.get(2).before()).contains("\"resourceVersion\":\"10\"");
        assertThat(writes.get(1).before()).contains("\"resourceVersion\":\"13\"", "\"first\"");
    }

    @Test
    void aRefusedWriteChangedNothingAndTheNextOneFollowsTheLastStoredVersion() {
        List<Write> writes = AuditedWrites.from(List.of(
                event(USER, "create", SERVICES, "", 201, service("10", "stable"), service("10", "stable")),
                event(CONTROLLER, "patch", SERVICES + "/shop-stable", "shop-stable", 409, "{}", status(409)),
                event(CONTROLLER, "patch", SERVICES + "/shop-stable", "shop-stable", 200, "{}", service("11", "abc"))));

        assertThat(writes.get(1).before()).isNull();
        assertThat(writes.get(1).after()).isNull();
        assertThat(writes.get(2).before()).contains("\"resourceVersion\":\"10\"");
    }

    @Test
    void aDeleteLeavesNothingUnlessFinalizersKeepTheObjectStored() {
        String rs = """
                {"kind":"ReplicaSet","metadata":{"name":"kulta-demo-abc","namespace":"shop","resourceVersion":"%s"%s}}""";
        String replicaSets = "/apis/apps/v1/namespaces/shop/replicasets";
        List<Write> writes = AuditedWrites.from(List.of(
                event(CONTROLLER, "create", replicaSets, "", 201, rs.formatted("20", ""), rs.formatted("20", "")),
                event(CONTROLLER, "delete", replicaSets + "/kulta-demo-abc", "kulta-demo-abc", 200, "{}", rs.formatted("21", "")),
                event(CONTROLLER, "create", replicaSets, "", 201, rs.formatted("22", ""), rs.formatted("22", "")),
                event(USER, "delete", replicaSets + "/kulta-demo-abc", "kulta-demo-abc", 200, "{}",
                        rs.formatted("23", ",\"deletionTimestamp\":\"2026-12-02T10:00:00Z\",\"finalizers\":[\"x/keep\"]"))));

        assertThat(writes.get(1).before()).contains("\"20\"");
        assertThat(writes.get(1).after()).as("removed").isNull();
        assertThat(writes.get(2).before()).as("created anew").isNull();
        assertThat(writes.get(3).after()).as("marked for deletion, still stored").contains("deletionTimestamp");
    }

    @Test
    void ownershipIsJudgedOnWhatTheWriteChangedInTheStoredObject() {
        List<Write> writes = AuditedWrites.from(List.of(
                event(USER, "create", "/apis/kulta.io/v1alpha1/namespaces/shop/rollouts", "", 201, ROLLOUT, ROLLOUT),
                event(USER, "create", SERVICES, "", 201, service("10", "stable"), service("10", "stable")),
                event(CONTROLLER, "patch", SERVICES + "/shop-stable", "shop-stable", 200, "{}", service("11", "abc")),
                event(CONTROLLER, "patch", SERVICES + "/shop-stable", "shop-stable", 200, "{}",
                        service("12", "abc").replace("\"labels\":{\"app\":\"shop\"}", "\"labels\":{\"app\":\"shop\",\"mine\":\"yes\"}"))));

        OwnershipCheck.Result result = new OwnershipCheck("kulta-controller-leader").check(writes, List.of(ROLLOUT));

        assertThat(result.checked()).isEqualTo(2);
        assertThat(result.violations()).singleElement().asString()
                .isEqualTo("PATCH " + SERVICES + "/shop-stable (kulta/pod-1, HTTP 200): changed metadata.labels.mine");
    }

    @Test
    void aRefusedWriteIsJudgedByWhatItWasAddressedTo() {
        List<Write> writes = AuditedWrites.from(List.of(
                event(USER, "create", "/apis/kulta.io/v1alpha1/namespaces/shop/rollouts", "", 201, ROLLOUT, ROLLOUT),
                event(CONTROLLER, "patch", SERVICES + "/shop-stable", "shop-stable", 404, "{}", status(404)),
                event(CONTROLLER, "patch", SERVICES + "/billing", "billing", 403, "{}", status(403))));

        OwnershipCheck.Result result = new OwnershipCheck("kulta-controller-leader").check(writes, List.of(ROLLOUT));

        assertThat(result.checked()).isEqualTo(2);
        assertThat(result.violations()).singleElement().asString()
                .isEqualTo("PATCH " + SERVICES + "/billing (kulta/pod-1, HTTP 403): a Service no Rollout names");
    }

    private static String service(String resourceVersion, String hash) {
        return """
                {"kind":"Service","apiVersion":"v1","metadata":{"name":"shop-stable","namespace":"shop","resourceVersion":"%s",
                 "labels":{"app":"shop"}},"spec":{"selector":{"app":"shop","pod-template-hash":"%s"}}}"""
                .formatted(resourceVersion, hash);
    }

    private static String status(int code) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":" + code + "}";
    }

    /** One ResponseComplete audit event as kube-apiserver logs it; the resource and namespace are read from the URI. */
    private static JsonNode event(String userAgent, String verb, String uri, String name, int code, String sent, String answered) {
        String[] parts = uri.replaceFirst("\\?.*", "").split("/");
        boolean core = parts[1].equals("api");
        int at = core ? 3 : 4;
        String line = """
                {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","stage":"ResponseComplete",
                 "requestURI":%s,"verb":"%s","user":{"username":"someone"},"userAgent":"%s",
                 "objectRef":{"resource":"%s","namespace":"%s","name":"%s","apiGroup":"%s"},
                 "responseStatus":{"code":%d},"requestObject":%s,"responseObject":%s,
                 "requestReceivedTimestamp":"2026-12-02T10:00:00.000000Z"}"""
                .formatted(JSON.valueToTree(uri), verb, userAgent, parts[at + 2], parts[at + 1], name, core ? "" : parts[2], code, sent, answered);
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
