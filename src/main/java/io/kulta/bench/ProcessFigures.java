package io.kulta.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's memory, GC and CPU, as the controller (and the benchmark beside it) use them. */
final class ProcessFigures {
    private static final double MIB = 1024 * 1024;

    private ProcessFigures() {
    }

    /** Heap in use after two full collections, in MiB. */
    static double heapAfterGcMiB() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MIB;
    }

    /** Resident set size from /proc/self/status (VmRSS), in MiB; -1 where there is no /proc. */
    static double rssMiB() {
        return rssMiB("self");
    }

    /** Resident set size of a process ("self" or its pid) from /proc/&lt;it&gt;/status (VmRSS), in MiB; -1 where there is no /proc. */
    static double rssMiB(String process) {
        try {
            return Files.readAllLines(Path.of("/proc", process, "status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1.0);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    /** Total time the collectors report, in seconds (pauses, and for concurrent collectors their cycles). */
    static double gcSeconds() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() / 1000.0;
    }

    /** CPU seconds this process has used so far (all threads). */
    static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return -1;
    }
}
