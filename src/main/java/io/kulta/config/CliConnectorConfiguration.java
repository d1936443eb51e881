package io.kulta.config;

import io.kulta.KultaMain;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.spi.CliConnectorFactory;

/**
 * camel-cli-connector: with it on, Camel JBang ({@code camel get route}, {@code camel top}, ...) on the same machine
 * sees the running controller through the files it writes under ~/.camel. One connector a process: several Camel
 * contexts in one JVM (the tests) would share and delete each other's files, so tests turn it off.
 */
public class CliConnectorConfiguration implements CamelConfiguration {
    @PropertyInject(value = "kulta.cliConnectorEnabled", defaultValue = "true")
    boolean enabled;

    @Override
    public void configure(CamelContext context) {
        CliConnectorFactory cli = context.getCamelContextExtension().getContextPlugin(CliConnectorFactory.class);
        if (cli == null) return;
        cli.setEnabled(enabled);
        cli.setRuntime("KULTA");
        cli.setRuntimeStartClass(KultaMain.class.getName());
        DevConsoleRegistry consoles = context.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        if (enabled && consoles != null) {
            for (String id : NoKubernetesVaultConsole.IDS) {
                consoles.getConsole(id).ifPresent(consoles::unregister);
                consoles.register(new NoKubernetesVaultConsole(id));
            }
        }
    }
}
