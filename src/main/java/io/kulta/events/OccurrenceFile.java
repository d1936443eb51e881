package io.kulta.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** KULTA's default FALSE sink: one occurrence per line appended to {@code <dir>/occurrence.json}. */
public final class OccurrenceFile {
    private final Path file;

    public OccurrenceFile(String dir) {
        this.file = Path.of(dir, "occurrence.json");
    }

    public Path path() {
        return file;
    }

    public synchronized void append(String line) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
