package io.callbridge.recording;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/** The WAV files in the recordings directory, and deleting a recording with its file. */
@ApplicationScoped
public class RecordingFiles {

    private final RecordingConfig config;
    private final RecordingStore store;

    RecordingFiles(RecordingConfig config, RecordingStore store) {
        this.config = config;
        this.store = store;
    }

    /** The completed recording's WAV, if it is there. */
    public Optional<Path> file(RecordingRow row) {
        if (row.fileName() == null) return Optional.empty();
        Path file = config.directory().resolve(row.fileName());
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Deletes the row, then its file (a file without its row is never served). */
    public void delete(RecordingRow row) throws SQLException, IOException {
        store.delete(row.sid());
        if (row.fileName() != null) Files.deleteIfExists(config.directory().resolve(row.fileName()));
    }
}
