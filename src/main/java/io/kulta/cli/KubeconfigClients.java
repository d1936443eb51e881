package io.kulta.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Path;

/** Clients from the user's kubeconfig (KUBECONFIG or ~/.kube/config), as kubectl builds them. */
final class KubeconfigClients {
    private KubeconfigClients() {
    }

    static KubernetesClient of(Path kubeconfig, String context, String namespace) {
        Config base = kubeconfig == null ? Config.autoConfigure(context) : Config.fromKubeconfig(context, kubeconfig.toFile());
        ConfigBuilder config = new ConfigBuilder(base).withRequestRetryBackoffLimit(1).withConnectionTimeout(5_000);
        if (namespace != null) config.withNamespace(namespace);
        else if (base.getNamespace() == null) config.withNamespace("default");   // as kubectl
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }
}
