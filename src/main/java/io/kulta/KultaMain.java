package io.kulta;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar kulta.jar [run]}: the controller against the cluster of the kubeconfig (or the
 * in-cluster service account). KULTA_* environment variables become kulta.* properties.
 */
public final class KultaMain {
    private KultaMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "run" : args[0];
        if (!mode.equals("run")) {
            System.err.println("kulta: unknown mode '" + mode + "'; usage: java -jar kulta.jar [run]");
            System.exit(2);
        }
        Map<String, String> properties = properties(System.getenv());
        KubernetesClient client = new KubernetesClientBuilder().build();
        ClusterCheck.Result check = ClusterCheck.verify(client, properties.get("kulta.namespace"));
        if (!check.ok()) {
            System.err.println("kulta: " + check.message());
            client.close();
            System.exit(1);
        }
        KultaApp.create(client, true, properties, Map.of()).run();
    }

    /** KULTA_RESYNC_SECONDS=10 → kulta.resyncSeconds=10; POD_NAME → kulta.podName. */
    static Map<String, String> properties(Map<String, String> env) {
        Map<String, String> props = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KULTA_")) props.put("kulta." + camelCase(name.substring(6)), value);
        });
        if (env.containsKey("POD_NAME")) props.put("kulta.podName", env.get("POD_NAME"));
        if (env.containsKey("POD_NAMESPACE")) props.put("kulta.podNamespace", env.get("POD_NAMESPACE"));
        return props;
    }

    static String camelCase(String snake) {
        StringBuilder out = new StringBuilder();
        for (String part : snake.toLowerCase().split("_")) {
            if (part.isEmpty()) continue;
            out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return out.toString();
    }
}
