package io.callbridge.moh;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.ari.AriModules;
import io.callbridge.store.TableChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.sampled.UnsupportedAudioFileException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Music-on-hold classes managed over the API. A class is a row of {@code moh_classes} and a folder of 8 kHz
 * mono WAV files in the shared directory ({@link MohConfig}); {@code classes.conf} in that directory defines
 * every class for Asterisk ({@code mode=files}), and asterisk/musiconhold.conf includes it. After a change each
 * app instance reloads {@code res_musiconhold.so} on its own Asterisk node: the instance that made it at once,
 * the others when PostgreSQL tells them the table changed ({@code store.TableChanges}).
 */
@ApplicationScoped
public class MohClasses {

    private static final Logger LOG = Logger.getLogger(MohClasses.class);
    static final String CONF = "classes.conf";
    static final String MODULE = "res_musiconhold.so";

    /** A class and its files (names without the {@code .wav} extension Asterisk adds). */
    public record MohClass(String name, List<String> files) {
    }

    /** Bad input: an unknown class, a name that is not allowed, audio that cannot be decoded. */
    public static final class Refused extends RuntimeException {
        public final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final DataSource db;
    private final MohConfig config;
    private final AriModules modules;

    MohClasses(DataSource db, MohConfig config, AriModules modules) {
        this.db = db;
        this.config = config;
        this.modules = modules;
    }

    /** Every class managed over the API (not {@code default}, which asterisk/musiconhold.conf defines), by name. */
    public List<MohClass> list() {
        List<MohClass> classes = new ArrayList<>();
        for (String name : names()) classes.add(new MohClass(name, files(name)));
        return classes;
    }

    /**
     * Converts {@code audio} (WAV or MP3) and stores it as file {@code file} of class {@code name}, creating the
     * class if it is new and replacing a file of that name. Returns the class.
     */
    public MohClass upload(String name, String file, byte[] audio) {
        if (!MohClassName.isValid(name) || MohClassName.DEFAULT.equals(name)) {
            throw new Refused(400, "class must be 1-64 letters, digits, _ or -, and not default");
        }
        if (!MohClassName.isValid(file)) throw new Refused(400, "file must be 1-64 letters, digits, _ or -");
        Path folder = Path.of(config.directory(), name);
        try {
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder, ".upload-", ".part"); // Asterisk never sees a half-written file
            try {
                MohAudio.convert(audio, partial);
                Files.move(partial, folder.resolve(file + ".wav"), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (UnsupportedAudioFileException e) {
            throw new Refused(415, "not audio Callbridge can read (WAV or MP3): " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("writing music on hold to " + folder + " failed", e);
        }
        sql("insert into moh_classes (name) values (?) on conflict do nothing", name);
        changed();
        return new MohClass(name, files(name));
    }

    /** Deletes class {@code name} and its files; false when there was none. Calls held with it then hear {@code default}. */
    public boolean delete(String name) {
        if (!MohClassName.isValid(name) || sql("delete from moh_classes where name = ?", name) == 0) return false;
        deleteFolder(Path.of(config.directory(), name));
        changed();
        return true;
    }

    /** Deletes one file of class {@code name}; false when there was none. */
    public boolean deleteFile(String name, String file) {
        if (!MohClassName.isValid(name) || !MohClassName.isValid(file) || !names().contains(name)) return false;
        try {
            if (!Files.deleteIfExists(Path.of(config.directory(), name, file + ".wav"))) return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        changed();
        return true;
    }

    /** Another instance (or this one) changed the classes: this instance's Asterisk node reloads them. */
    void onTableChanged(@Observes TableChanged changed) {
        if (changed.is("moh_classes")) reloadAsterisk();
    }

    private void changed() {
        writeConf();
        reloadAsterisk();
    }

    /** {@code classes.conf}: one {@code mode=files} section per class, written whole and moved into place. */
    void writeConf() {
        String asteriskDir = config.asteriskDirectory().orElse(config.directory());
        StringBuilder conf = new StringBuilder("; Written by Callbridge (moh/MohClasses): the classes managed over its API.\n");
        for (String name : names()) {
            conf.append('\n').append('[').append(name).append("]\nmode=files\nsort=alpha\ndirectory=")
                    .append(asteriskDir).append('/').append(name).append('\n');
        }
        try {
            Path dir = Files.createDirectories(Path.of(config.directory()));
            Path partial = Files.createTempFile(dir, ".classes-", ".part");
            Files.writeString(partial, conf, StandardCharsets.UTF_8);
            Files.move(partial, dir.resolve(CONF), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + CONF + " failed", e);
        }
    }

    private void reloadAsterisk() {
        try {
            modules.reload(MODULE);
        } catch (RestException | RuntimeException e) {
            LOG.warnf("reloading music on hold in Asterisk failed: %s", e.getMessage());
        }
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("select name from moh_classes order by name");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) names.add(rs.getString(1));
        } catch (SQLException e) {
            throw new IllegalStateException("reading music-on-hold classes failed: " + e.getMessage(), e);
        }
        return names;
    }

    private List<String> files(String name) {
        Path folder = Path.of(config.directory(), name);
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".wav"))
                    .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int sql(String statement, String name) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            s.setString(1, name);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("writing music-on-hold classes failed: " + e.getMessage(), e);
        }
    }

    private static void deleteFolder(Path folder) {
        if (!Files.isDirectory(folder)) return;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.warnf("deleting %s failed: %s", folder, e.getMessage());
        }
    }
}
