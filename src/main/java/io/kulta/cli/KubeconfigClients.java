package io.kulta.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** Clients from the user's kubeconfig (KUBECONFIG or ~/.kube/config), as kubectl builds them. */
final class KubeconfigClients {
    private KubeconfigClients() {
    }

    static KubernetesClient of(String context, String namespace) {
        Config base = Config.autoConfigure(context);
        ConfigBuilder config = new ConfigBuilder(base).withRequestRetryBackoffLimit(1).withConnectionTimeout(5_000);
        if (namespace != null) config.withNamespace(namespace);
        else if (base.getNamespace() == null) config.withNamespace("default");   // as kubectl
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }
}
