package io.kulta.playground;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Processes the playground starts never outlive the process that started them, however it ends. */
class ProcessWatchdogTest {
    private final List<Process> started = new ArrayList<>();
    @TempDir
    Path temp;

    @AfterEach
    void end() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void whenTheWatchedProcessIsKilledItsChildrenEndAndTheirDirectoryGoes() throws IOException {
        Process jvm = sleep(), etcd = sleep(), apiServer = sleep();
        Path work = Files.createDirectories(temp.resolve("work"));
        ProcessWatchdog watchdog = new ProcessWatchdog(jvm.pid(), work, List.of(etcd, apiServer));

        jvm.destroyForcibly();   // as SIGKILL: no hook of it runs

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(etcd.isAlive()).isFalse();
            assertThat(apiServer.isAlive()).isFalse();
            assertThat(work).doesNotExist();
        });
        watchdog.close();
    }

    @Test
    void closedWhileTheWatchedProcessRunsItLeavesTheChildrenToTheirOwner() throws Exception {
        Process jvm = sleep(), prometheus = sleep();
        new ProcessWatchdog(jvm.pid(), null, List.of(prometheus)).close();

        jvm.destroyForcibly();
        Thread.sleep(1500);   // the watchdog, had it lived on, would have sent TERM by now

        assertThat(prometheus.isAlive()).isTrue();
    }

    private Process sleep() throws IOException {
        Process p = new ProcessBuilder("sleep", "300").start();
        started.add(p);
        return p;
    }
}
