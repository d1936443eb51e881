package io.kulta.playground;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

import java.nio.file.Path;

/**
 * The playground's terminal is its view, the benchmark's its report: the controller's logs go to a file instead (same
 * levels as log4j2.properties).
 */
public final class PlaygroundLogs {
    private PlaygroundLogs() {
    }

    public static void toFile(Path file) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.WARN).setConfigurationName("kulta-playground");
        b.add(b.newAppender("file", "File").addAttribute("fileName", file.toString())
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n")));
        b.add(b.newRootLogger(Level.INFO).add(b.newAppenderRef("file")));
        for (String quiet : new String[]{"io.fabric8", "okhttp3", "io.vertx"}) b.add(b.newLogger(quiet, Level.WARN));
        b.add(b.newLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.ERROR));
        Configurator.reconfigure(b.build());
    }
}
