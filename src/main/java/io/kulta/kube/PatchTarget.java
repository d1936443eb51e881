package io.kulta.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.function.Supplier;

/**
 * What a PATCH is sent to. fabric8's {@code withName(n).patch(context, patch)} GETs the object before every PATCH, only
 * to learn its name and namespace; {@code resource(named(...)).patch(context, patch)} sends the PATCH alone. The
 * patches KULTA sends carry their own precondition where one matters (a JSON patch "test" of the resourceVersion).
 */
final class PatchTarget {
    private PatchTarget() {
    }

    static <T extends HasMetadata> T named(Supplier<T> kind, String namespace, String name) {
        T stub = kind.get();
        stub.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        return stub;
    }
}
