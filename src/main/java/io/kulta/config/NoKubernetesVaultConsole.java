package io.kulta.config;

import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Stands in for camel-kubernetes' "kubernetes-secrets" and "kubernetes-configmaps" developer consoles, which in Camel
 * 4.17 throw a NullPointerException when no Kubernetes vault is configured (KULTA configures none). The CLI connector
 * asks both for its status file on every tick, and their exception left that file empty, so Camel JBang saw nothing.
 */
public class NoKubernetesVaultConsole extends AbstractDevConsole {
    static final List<String> IDS = List.of("kubernetes-secrets", "kubernetes-configmaps");

    public NoKubernetesVaultConsole(String id) {
        super("camel", id, id, "Kubernetes vault (KULTA configures none)");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        return "No Kubernetes vault configured";
    }

    @Override
    protected JsonObject doCallJson(Map<String, Object> options) {
        return new JsonObject();
    }
}
