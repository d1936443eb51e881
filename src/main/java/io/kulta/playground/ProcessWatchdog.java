package io.kulta.playground;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small bash process that waits for a process (this JVM) to end, however it ends — a JVM killed outright (SIGKILL,
 * surefire's timeout) runs no shutdown hook — and then ends the child processes it was given (TERM, KILL after 5 s)
 * and removes their work directory. Closing it (the normal stop) ends only the watchdog.
 */
final class ProcessWatchdog implements AutoCloseable {
    private static final String SCRIPT = """
            tail --pid="$0" -f /dev/null
            kill "${@:2}" 2>/dev/null; sleep 5; kill -9 "${@:2}" 2>/dev/null; [ -n "$1" ] && rm -rf "$1"
            """;

    private final Process process;

    /** @param removeDir removed once the children are ended, or null to keep it (logs the user may read) */
    ProcessWatchdog(long watchedPid, Path removeDir, List<Process> children) {
        List<String> command = new ArrayList<>(List.of("bash", "-c", SCRIPT, String.valueOf(watchedPid),
                removeDir == null ? "" : removeDir.toString()));
        children.forEach(c -> command.add(String.valueOf(c.pid())));
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog of " + children.size() + " processes: " + e.getMessage(), e);
        }
    }

    /** For this JVM. */
    static ProcessWatchdog ofThisJvm(Path removeDir, List<Process> children) {
        return new ProcessWatchdog(ProcessHandle.current().pid(), removeDir, children);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
