package io.kulta.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatchException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * fabric8's CRUD dispatcher, corrected where it differs from a real API server: RFC 7386 merge patch, a status
 * subresource for the built-in kinds KULTA writes, discovery documents, 409 on a stale /status PUT, 422 on a failed
 * JSON patch {@code test}. It also records every request (and, when asked, every write with the versions it changed)
 * and can answer the next ones with an injected error.
 */
public class ApiServerLikeDispatcher extends KubernetesCrudDispatcher {

    /** API group (empty for core) and plural of the built-in kinds that get status-subresource semantics. */
    private static final Set<String> STATUS_SUBRESOURCE = Set.of(
            "/pods", "/services", "apps/replicasets", "apps/deployments", "gateway.networking.k8s.io/httproutes");

    private static final AttributeSet CRDS = new AttributeSet(
            new Attribute(KubernetesAttributesExtractor.PLURAL, "customresourcedefinitions"));

    private final RequestLog requests = new RequestLog();
    private final WriteLog writes = new WriteLog();
    // the stored versions (before, after) the write being dispatched on this thread changed
    private final ThreadLocal<List<String[]>> changes = new ThreadLocal<>();
    private final FailureInjector failures = new FailureInjector();
    private volatile FaultPlan faults;
    // Serialises writes so that a check made here and the write the superclass then makes are atomic.
    private final ReentrantLock writeLock = new ReentrantLock();

    public RequestLog requests() {
        return requests;
    }

    public WriteLog writes() {
        return writes;
    }

    public void failNext(String method, String pathRegex, int status, int times) {
        failNext(method, pathRegex, status, times, "injected by the test harness");
    }

    public void failNext(String method, String pathRegex, int status, int times, String message) {
        failures.add(method, pathRegex, status, times, message);
    }

    public void clearFailures() {
        failures.clear();
    }

    /** From now on, the requests this plan picks get its seeded random faults; null: none. */
    public void injectFaults(FaultPlan plan) {
        faults = plan;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.record(request.getMethod(), request.getPath(), request.getHeader("User-Agent"));
        FaultPlan plan = faults;
        String pathAndQuery = request.getPath();
        int q = pathAndQuery.indexOf('?');
        var decision = plan == null ? java.util.Optional.<FaultPlan.Decision>empty()
                : plan.decide(request.getMethod(), withoutQuery(pathAndQuery), q < 0 ? "" : pathAndQuery.substring(q + 1),
                request.getHeader("User-Agent"));
        if (decision.isEmpty()) return answer(request);
        return FaultAnswers.answer(decision.get(), () -> answer(request));
    }

    private MockResponse answer(RecordedRequest request) {
        String method = request.getMethod();
        String path = withoutQuery(request.getPath());
        var injected = failures.take(method, path, request.getPath());
        if (injected.isPresent()) {
            MockResponse refused = status(injected.get().status(), injected.get().message());
            if (!method.equals("GET")) recordWrite(request, body(request), refused, List.of());
            return refused;
        }
        if (method.equals("GET")) {
            String document = Discovery.document(path, this::crdGroups);
            if (document != null) {
                return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                        .setBody(document);
            }
            if (path.matches("/apis/[^/]+")) {
                return status(404, "the server could not find the requested resource");
            }
            return super.dispatch(request);
        }
        String body = writes.isEnabled() ? body(request) : "";   // before the superclass consumes it
        writeLock.lock();
        List<String[]> changed = new ArrayList<>();
        changes.set(changed);
        MockResponse response = null;
        try {
            if (method.equals("PUT") && path.endsWith("/status")) {
                response = staleStatusPut(request);
                if (response != null) {
                    return response;
                }
            }
            response = super.dispatch(request);
            return response;
        } catch (JsonPatchException e) {
            response = status(422, e.getMessage());
            return response;
        } finally {
            changes.remove();
            recordWrite(request, body, response, changed);
            writeLock.unlock();
        }
    }

    /** Called by the superclass for every change it stores: remembers the versions for the write being dispatched. */
    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newResource) {
        List<String[]> changed = changes.get();
        if (changed != null) changed.add(new String[]{oldAttributes == null ? null : getMap().get(oldAttributes), newResource});
        super.processEvent(path, pathAttributes, oldAttributes, resource, newResource);
    }

    private void recordWrite(RecordedRequest request, String body, MockResponse response, List<String[]> changed) {
        if (!writes.isEnabled()) return;
        String pathAndQuery = request.getPath();
        int q = pathAndQuery.indexOf('?');
        String agent = request.getHeader("User-Agent");
        writes.record(new WriteLog.Write(request.getMethod(), withoutQuery(pathAndQuery), q < 0 ? "" : pathAndQuery.substring(q + 1),
                agent == null ? "" : agent, response == null ? 500 : response.code(), body,
                changed.isEmpty() ? null : changed.get(0)[0], changed.isEmpty() ? null : changed.get(changed.size() - 1)[1]));
    }

    private static String body(RecordedRequest request) {
        return request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    /** RFC 7386: objects merge recursively, a null deletes the key, anything else (arrays too) replaces. */
    @Override
    public JsonNode merge(JsonNode baseResource, String updatedResource) throws KubernetesCrudDispatcherException {
        return mergePatch(baseResource, asNode(updatedResource));
    }

    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        });
        return result;
    }

    @Override
    public boolean isStatusSubresourceEnabledForResource(String path) {
        Map<String, String> parts = ((KubernetesAttributesExtractor) attributeExtractor).fromKubernetesPath(path);
        String key = parts.getOrDefault(KubernetesAttributesExtractor.API, "") + "/"
                + parts.get(KubernetesAttributesExtractor.PLURAL);
        return STATUS_SUBRESOURCE.contains(key) || super.isStatusSubresourceEnabledForResource(path);
    }

    /** The stock PutHandler compares the stored resourceVersion with itself on /status, so never conflicts. */
    private MockResponse staleStatusPut(RecordedRequest request) {
        String sent;
        try {
            String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
            sent = Serialization.unmarshal(body, JsonNode.class).path("metadata").path("resourceVersion").asText("");
        } catch (RuntimeException invalidBody) {
            return null; // the superclass answers it
        }
        Map.Entry<AttributeSet, String> stored = findResource(getKey(request.getPath()));
        if (sent.isEmpty() || stored == null) {
            return null;
        }
        JsonNode current = Serialization.unmarshal(stored.getValue(), JsonNode.class);
        if (sent.equals(current.path("metadata").path("resourceVersion").asText())) {
            return null;
        }
        return status(409, "Operation cannot be fulfilled on " + current.path("kind").asText() + " \""
                + current.path("metadata").path("name").asText()
                + "\": the object has been modified; please apply your changes to the latest version and try again");
    }

    private Map<String, List<String>> crdGroups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        new ArrayList<>(getMap().entrySet()).stream()
                .filter(entry -> entry.getKey().matches(CRDS))
                .map(entry -> Serialization.unmarshal(entry.getValue(), CustomResourceDefinition.class))
                .forEach(crd -> crd.getSpec().getVersions().stream()
                        .filter(CustomResourceDefinitionVersion::getServed)
                        .forEach(v -> groups.computeIfAbsent(crd.getSpec().getGroup(), g -> new ArrayList<>())
                                .add(v.getName())));
        return groups;
    }

    static MockResponse status(int code, String message) {
        String body = Serialization.asJson(new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure")
                .withCode(code).withReason(reason(code)).withMessage(message).build());
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    private static String reason(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 409 -> "Conflict";
            case 410 -> "Expired";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> "InternalError";
        };
    }

    private static String withoutQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
