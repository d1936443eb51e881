package io.kulta.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the committed {@code deploy/crd.yaml} from the CRD that crd-generator writes at process-classes.
 * The generator sorts printer columns by jsonPath and cannot mark {@code spec} required, so both are set here.
 */
public final class CrdAssembler {
    public static final String GENERATED_RESOURCE = "META-INF/fabric8/rollouts.kulta.io-v1.yml";
    public static final Path COMMITTED = Path.of("deploy", "crd.yaml");
    public static final String REGENERATE_COMMAND = "./mvnw -B -q test -Dtest=CrdTest -Dkulta.updateCrd=true";

    private static final String HEADER = "# Rollout CRD, assembled by io.kulta.crd.CrdAssembler from the io.kulta.model classes. Do not edit.\n"
            + "# Regenerate with: " + REGENERATE_COMMAND + "\n";

    private CrdAssembler() {
    }

    public static CustomResourceDefinition generated() {
        try (InputStream in = CrdAssembler.class.getClassLoader().getResourceAsStream(GENERATED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(GENERATED_RESOURCE + " is not on the classpath; build through process-classes first");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CustomResourceDefinition assemble(CustomResourceDefinition generated) {
        CustomResourceDefinition crd = Serialization.clone(generated);
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            version.setAdditionalPrinterColumns(printerColumns());
            version.getSchema().getOpenAPIV3Schema().setRequired(List.of("spec"));
        }
        return crd;
    }

    public static String toYaml(CustomResourceDefinition crd) {
        return HEADER + Serialization.asYaml(crd);
    }

    static List<CustomResourceColumnDefinition> printerColumns() {
        return List.of(
                column("Desired", ".spec.replicas", "integer"),
                column("Current", ".status.replicas", "integer"),
                column("Ready", ".status.readyReplicas", "integer"),
                column("Phase", ".status.phase", "string"),
                column("Step", ".status.currentStepIndex", "integer"),
                column("Weight", ".status.currentWeight", "integer"),
                column("Age", ".metadata.creationTimestamp", "date"));
    }

    private static CustomResourceColumnDefinition column(String name, String jsonPath, String type) {
        CustomResourceColumnDefinition column = new CustomResourceColumnDefinition();
        column.setName(name);
        column.setJsonPath(jsonPath);
        column.setType(type);
        return column;
    }
}
