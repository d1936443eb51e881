package io.kulta.bench;

import java.lang.management.ManagementFactory;
import java.util.List;

/** Where the figures were measured. */
public record Machine(int cores, double memoryMiB, double maxHeapMiB, List<String> jvmFlags, String java, String os) {

    static Machine current() {
        double memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() / (1024.0 * 1024) : -1;
        return new Machine(Runtime.getRuntime().availableProcessors(), memory, Runtime.getRuntime().maxMemory() / (1024.0 * 1024),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }
}
