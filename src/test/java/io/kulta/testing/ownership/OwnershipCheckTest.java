package io.kulta.testing.ownership;

import io.kulta.playground.WriteLog.Write;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ownership rules on hand-built writes: what the controller may change passes, everything else is named. */
class OwnershipCheckTest {
    static final String NS = "/namespaces/shop";
    static final String ROLLOUT_PATH = "/apis/kulta.io/v1alpha1" + NS + "/rollouts/kulta-demo";
    static final String ROUTE_PATH = "/apis/gateway.networking.k8s.io/v1" + NS + "/httproutes/shop-route";
    static final String STABLE_PATH = "/api/v1" + NS + "/services/shop-stable";

    static final String ROLLOUT = """
            {"apiVersion":"kulta.io/v1alpha1","kind":"Rollout",
             "metadata":{"name":"kulta-demo","namespace":"shop","resourceVersion":"7","annotations":{"team":"web"}},
             "spec":{"replicas":5,"strategy":{"canary":{"stableService":"shop-stable","canaryService":"shop-canary",
               "steps":[{"setWeight":20}],"trafficRouting":{"gatewayAPI":{"httpRoute":"shop-route"}}}}}}""";

    static final String SERVICE = """
            {"kind":"Service","metadata":{"name":"shop-stable","namespace":"shop","resourceVersion":"3","labels":{"app":"shop"}},
             "spec":{"selector":{"app":"shop","rollouts.kulta.io/type":"stable"},"ports":[{"name":"http","port":80,"targetPort":8080}]}}""";

    static final String ROUTE = """
            {"kind":"HTTPRoute","metadata":{"name":"shop-route","namespace":"shop","resourceVersion":"4"},
             "spec":{"parentRefs":[{"name":"shop-gateway"}],"rules":[
               {"matches":[{"path":{"type":"PathPrefix","value":"/"}}],"backendRefs":[{"name":"shop-stable","port":80,"weight":100}]},
               {"matches":[{"path":{"type":"PathPrefix","value":"/admin"}}],"backendRefs":[{"name":"admin","port":80}]}]}}""";

    final OwnershipCheck check = new OwnershipCheck("kulta-controller-leader");

    @Test
    void aWeightPatchOnTheRuleThatNamesTheRolloutsServicesIsAllowed() {
        String weighted = ROUTE.replace("""
                [{"name":"shop-stable","port":80,"weight":100}]""", """
                [{"name":"shop-stable","port":80,"weight":80},{"name":"shop-canary","port":80,"weight":20}]""")
                .replace("\"4\"", "\"9\"");

        assertThat(violations(controller("PATCH", ROUTE_PATH, ROUTE, weighted))).isEmpty();
    }

    @Test
    void aRuleThatDoesNotNameTheRolloutsServicesIsNotTheControllers() {
        String rerouted = ROUTE.replace("""
                [{"name":"admin","port":80}]""", """
                [{"name":"admin","port":80,"weight":50}]""");

        assertThat(violations(controller("PATCH", ROUTE_PATH, ROUTE, rerouted)))
                .singleElement().asString().contains("PATCH " + ROUTE_PATH, "spec.rules[1].backendRefs[0].weight");
    }

    @Test
    void aRuleThatNamedNeitherServiceMayNotBeTakenOver() {
        String takenOver = ROUTE.replace("""
                [{"name":"admin","port":80}]""", """
                [{"name":"shop-stable","port":80,"weight":80},{"name":"shop-canary","port":80,"weight":20}]""");

        assertThat(violations(controller("PATCH", ROUTE_PATH, ROUTE, takenOver))).singleElement().asString()
                .contains("spec.rules[1].backendRefs[0].name", "spec.rules[1].backendRefs[1].name");
    }

    @Test
    void aWeightedRuleKeepsItsMatchesAndEachRefItsPort() {
        String changed = ROUTE.replace("""
                {"type":"PathPrefix","value":"/"}""", """
                {"type":"PathPrefix","value":"/shop"}""").replace("""
                {"name":"shop-stable","port":80,"weight":100}""", """
                {"name":"shop-stable","port":8080,"weight":100}""");

        assertThat(violations(controller("PATCH", ROUTE_PATH, ROUTE, changed))).singleElement().asString()
                .contains("spec.rules[0].backendRefs[shop-stable].port", "spec.rules[0].matches[0].path.value");
    }

    @Test
    void theControllersOwnAbRulesMayComeAndGoButSendOnlyToTheRolloutsServices() {
        String withAb = ROUTE.replace("\"rules\":[", """
                "rules":[{"name":"kulta-variant-b-0","matches":[{"path":{"type":"PathPrefix","value":"/"},
                  "headers":[{"name":"X-Variant","value":"b"}]}],"backendRefs":[{"name":"shop-canary","port":80,"weight":100}]},""");
        String sendingElsewhere = withAb.replace("""
                [{"name":"shop-canary","port":80,"weight":100}]""", """
                [{"name":"admin","port":80,"weight":100}]""");

        assertThat(violations(controller("PATCH", ROUTE_PATH, ROUTE, withAb))).isEmpty();
        assertThat(violations(controller("PATCH", ROUTE_PATH, withAb, ROUTE))).isEmpty();
        assertThat(violations(controller("PATCH", ROUTE_PATH, ROUTE, sendingElsewhere)))
                .singleElement().asString().contains("spec.rules[0].backendRefs[0] (a KULTA rule sending elsewhere)");
    }

    @Test
    void aTakeoverRuleWithTheSameMatchesAsTheUsersRuleOwnsOnlyItsOwnRecord() {
        String recorded = "[[{\\\"path\\\":{\\\"type\\\":\\\"PathPrefix\\\",\\\"value\\\":\\\"/\\\"}}]]";
        String takenOver = ROUTE.replace("\"resourceVersion\":\"4\"", "\"resourceVersion\":\"5\",\"annotations\":{\"rollouts.kulta.io/managed-rules\":\"" + recorded + "\"}")
                .replace("\"rules\":[", """
                "rules":[{"name":"kulta-takeover-0","matches":[{"path":{"type":"PathPrefix","value":"/"}}],
                  "backendRefs":[{"name":"shop-canary","port":80,"weight":100}]},""");

        assertThat(violations(controller("PATCH", ROUTE_PATH, ROUTE, takenOver))).isEmpty();
        assertThat(violations(controller("PATCH", ROUTE_PATH, takenOver, ROUTE))).isEmpty();
        String userRuleLost = takenOver.replace("""
                {"matches":[{"path":{"type":"PathPrefix","value":"/"}}],"backendRefs":[{"name":"shop-stable","port":80,"weight":100}]},""", "");
        assertThat(violations(controller("PATCH", ROUTE_PATH, takenOver, userRuleLost)))
                .as("the record owns the takeover rule, not the user's rule with the same matches").singleElement().asString()
                .contains("spec.rules (2 user rules before, 1 after)");
    }

    @Test
    void aUserRuleRemovedIsReported() {
        String oneRule = ROUTE.substring(0, ROUTE.indexOf(",\n   {\"matches\":[{\"path\":{\"type\":\"PathPrefix\",\"value\":\"/admin\"")) + "]}}";

        assertThat(violations(controller("PATCH", ROUTE_PATH, ROUTE, oneRule)))
                .singleElement().asString().contains("spec.rules (2 user rules before, 1 after)");
    }

    @Test
    void theSelectorsPodTemplateHashAndTheRemovalOfKultasTypeAreAllowed() {
        String pointed = SERVICE.replace("\"rollouts.kulta.io/type\":\"stable\"", "\"pod-template-hash\":\"6d4f9c7b8\"")
                .replace("\"labels\"", "\"annotations\":{\"rollouts.kulta.io/selected-since\":\"2026-11-25T10:00:00Z\"},\"labels\"");

        assertThat(violations(controller("PATCH", STABLE_PATH, SERVICE, pointed))).isEmpty();
    }

    @Test
    void aServicesPortsLabelsOrOtherSelectorKeysAreNotTheControllers() {
        String changed = SERVICE.replace("\"port\":80", "\"port\":81").replace("\"labels\":{\"app\":\"shop\"}", "\"labels\":{\"app\":\"x\"}")
                .replace("\"app\":\"shop\",\"rollouts", "\"app\":\"shop2\",\"rollouts").replace("/type\":\"stable\"", "/type\":\"canary\"");

        assertThat(violations(controller("PATCH", STABLE_PATH, SERVICE, changed))).singleElement().asString().contains(
                "metadata.labels.app", "spec.ports[0].port", "spec.selector.app", "spec.selector[\"rollouts.kulta.io/type\"]");
    }

    @Test
    void aServiceNoRolloutNamesIsNotTheControllers() {
        String other = SERVICE.replace("shop-stable", "billing");

        assertThat(violations(controller("PATCH", "/api/v1" + NS + "/services/billing", other, other.replace("\"3\"", "\"4\""))))
                .singleElement().asString().contains("a Service no Rollout names");
    }

    @Test
    void aReplicaSetIsTheControllersOnlyWhenARolloutOwnsIt() {
        String owned = replicaSet("kulta-demo-abc", """
                [{"apiVersion":"kulta.io/v1alpha1","kind":"Rollout","name":"kulta-demo","uid":"u1","controller":true}]""", 5);
        String foreign = replicaSet("web-abc", """
                [{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"u2","controller":true}]""", 5);
        String rsPath = "/apis/apps/v1" + NS + "/replicasets/";

        assertThat(violations(
                controller("POST", "/apis/apps/v1" + NS + "/replicasets", null, owned),
                controller("PATCH", rsPath + "kulta-demo-abc", owned, owned.replace("\"replicas\":5", "\"replicas\":2")),
                controller("DELETE", rsPath + "kulta-demo-abc", owned, null))).isEmpty();
        assertThat(violations(controller("PATCH", rsPath + "web-abc", foreign, foreign.replace("\"replicas\":5", "\"replicas\":0"))))
                .singleElement().asString().contains("PATCH " + rsPath + "web-abc", "a ReplicaSet no Rollout owns");
        assertThat(violations(controller("PATCH", rsPath + "kulta-demo-abc", owned, owned.replace("shop:1", "shop:2"))))
                .singleElement().asString().contains("spec.template.spec.containers[0].image");
    }

    @Test
    void aConfigMapIsNeverTheControllers() {
        assertThat(violations(controller("POST", "/api/v1" + NS + "/configmaps", null, """
                {"kind":"ConfigMap","metadata":{"name":"x","namespace":"shop"}}""")))
                .singleElement().asString().contains("POST /api/v1/namespaces/shop/configmaps", "nothing of /configmaps");
    }

    @Test
    void onARolloutOnlyStatusTheFinalizerAndRemovingSteeringAnnotations() {
        String promoted = ROLLOUT.replace("{\"team\":\"web\"}", "{\"team\":\"web\",\"kulta.io/promote\":\"true\"}");
        String acted = ROLLOUT.replace("\"resourceVersion\":\"7\"", "\"resourceVersion\":\"8\",\"finalizers\":[\"kulta.io/cleanup\"]")
                .replace("}}}}}}", "}}}}},\"status\":{\"phase\":\"Paused\"}}");
        String specChanged = ROLLOUT.replace("\"replicas\":5", "\"replicas\":3");

        assertThat(violations(controller("PATCH", ROLLOUT_PATH, promoted, acted))).isEmpty();
        assertThat(violations(controller("PUT", ROLLOUT_PATH + "/status", ROLLOUT, acted))).isEmpty();
        assertThat(violations(controller("PATCH", ROLLOUT_PATH, ROLLOUT, specChanged)))
                .singleElement().asString().contains("spec.replicas");
        assertThat(violations(controller("PATCH", ROLLOUT_PATH, ROLLOUT, promoted)))
                .as("the controller removes a steering annotation, it never sets one")
                .singleElement().asString().contains("metadata.annotations[\"kulta.io/promote\"]");
        assertThat(violations(controller("DELETE", ROLLOUT_PATH, ROLLOUT, null)))
                .singleElement().asString().contains("never creates or deletes a Rollout");
    }

    @Test
    void eventsAboutARolloutAndItsOwnLeaseAreTheControllers() {
        String event = """
                {"kind":"Event","metadata":{"name":"kulta-demo.1","namespace":"shop"},"involvedObject":{"kind":"Rollout","name":"kulta-demo"}}""";
        String lease = "/apis/coordination.k8s.io/v1/namespaces/kulta-system/leases/";

        assertThat(violations(
                controller("POST", "/api/v1" + NS + "/events", null, event),
                controller("PUT", lease + "kulta-controller-leader", "{}", "{\"spec\":{}}"))).isEmpty();
        assertThat(violations(controller("POST", "/api/v1" + NS + "/events", null, event.replace("\"Rollout\"", "\"Pod\""))))
                .singleElement().asString().contains("an Event about something other than a Rollout");
        assertThat(violations(controller("PUT", lease + "someone-else", "{}", "{\"spec\":{}}")))
                .singleElement().asString().contains("a Lease other than kulta-controller-leader");
    }

    @Test
    void theTestsOwnWritesAreNotChecked() {
        var result = check.check(List.of(
                write("fabric8-kubernetes-client/7.4.0", "PATCH", STABLE_PATH, SERVICE, SERVICE.replace("\"port\":80", "\"port\":81")),
                controller("PATCH", STABLE_PATH, SERVICE, SERVICE)), List.of(ROLLOUT));

        assertThat(result.checked()).isEqualTo(1);
        assertThat(result.violations()).isEmpty();
    }

    @Test
    void aRefusedWriteToSomethingNotOwnedIsReportedToo() {
        Write refused = new Write("POST", "/api/v1" + NS + "/secrets", "", "kulta/pod-1", 403,
                "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"}}", null, null);

        assertThat(violations(refused)).singleElement().asString().contains("HTTP 403", "nothing of /secrets");
    }

    private List<String> violations(Write... writes) {
        return check.check(List.of(writes), List.of(ROLLOUT)).violations();
    }

    private static Write controller(String method, String path, String before, String after) {
        return write("kulta/pod-1", method, path, before, after);
    }

    private static Write write(String agent, String method, String path, String before, String after) {
        return new Write(method, path, "", agent, method.equals("POST") ? 201 : 200, method.equals("POST") ? after : "", before, after);
    }

    private static String replicaSet(String name, String ownerReferences, int replicas) {
        return """
                {"kind":"ReplicaSet","metadata":{"name":"%s","namespace":"shop","ownerReferences":%s},
                 "spec":{"replicas":%d,"template":{"spec":{"containers":[{"name":"shop","image":"shop:1"}]}}}}"""
                .formatted(name, ownerReferences, replicas);
    }
}
