package io.kulta.model;

import io.fabric8.crd.generator.annotation.PreserveUnknownFields;

/** Schema stand-in for embedded Kubernetes objects (the pod template): kept as written, validated by the API server where it is used. */
@PreserveUnknownFields
public final class PreservedObject {
    private PreservedObject() {
    }
}
