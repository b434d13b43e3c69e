package io.callbridge.recording;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.ari.AriRecordings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;

/**
 * Turns a stopped recording into its stereo WAV: fetches Asterisk's two stored files over ARI (so the app
 * needs no access to Asterisk's disk, whichever node recorded), interleaves them ({@link StereoWav}), writes
 * the file to the recordings directory with its size and SHA-256, records {@code recording.completed} in the
 * same transaction, and deletes the files from Asterisk. Runs on virtual threads, one per recording. A
 * recording whose files never come is {@code absent}.
 */
@ApplicationScoped
public class RecordingFinisher {

    private static final Logger LOG = Logger.getLogger(RecordingFinisher.class);

    private final AriRecordings ari;
    private final RecordingStore store;
    private final RecordingConfig config;
    private final RecordingWebhooks webhooks;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    RecordingFinisher(AriRecordings ari, RecordingStore store, RecordingConfig config, RecordingWebhooks webhooks) {
        this.ari = ari;
        this.store = store;
        this.config = config;
        this.webhooks = webhooks;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        workers.shutdown(); // a recording left unfinished is finished by the next start (RecordingRecovery)
    }

    /** Finishes recording {@code sid} in the background; a second request while one runs does nothing. */
    void finish(String sid) {
        if (!running.add(sid)) return;
        try {
            workers.execute(() -> {
                try {
                    finishNow(sid);
                } catch (Exception e) {
                    LOG.errorf(e, "finishing recording %s failed", sid);
                } finally {
                    running.remove(sid);
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(sid);
        }
    }

    private void finishNow(String sid) throws Exception {
        Optional<RecordingRow> found = store.find(sid);
        if (found.isEmpty() || !RecordingRow.Status.PROCESSING.code.equals(found.get().status())) return;
        RecordingRow row = found.get();
        long deadline = System.nanoTime() + config.fetchTimeout().toNanos();
        byte[] caller = fetch(row.callerName(), deadline);
        byte[] other = fetch(row.otherName(), deadline);
        if (caller == null && other == null) {
            try (Connection c = store.connection()) {
                c.setAutoCommit(false);
                store.absent(c, sid, "Asterisk has no stored recording " + row.callerName() + " nor " + row.otherName());
                webhooks.completed(c, store.find(c, sid));
                c.commit();
            }
            LOG.warnf("recording %s: no audio could be fetched from Asterisk", sid);
            return;
        }
        Path dir = config.directory();
        Files.createDirectories(dir);
        String fileName = sid + ".wav";
        Path target = dir.resolve(fileName);
        StereoWav.Written written = StereoWav.write(orSilence(caller, other), orSilence(other, caller), row.pauses(), target);
        long size = Files.size(target);
        String sha256 = sha256(target);
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            store.completed(c, sid, written.durationMs(), 2, written.sampleRate(), size, sha256, fileName);
            webhooks.completed(c, store.find(c, sid));
            c.commit();
        }
        for (String name : new String[] {row.callerName(), row.otherName()}) {
            try {
                ari.deleteStored(name);
            } catch (RestException | RuntimeException e) {
                LOG.debugf("deleting stored %s from Asterisk: %s", name, e.getMessage());
            }
        }
        LOG.infof("recording %s of call %s completed: %d ms, %d bytes", sid, row.callSid(), written.durationMs(), size);
    }

    /**
     * The stored file {@code name}, once Asterisk has finished writing it: a recording still live is stopped
     * (its channel may outlive the call for a moment). Null when there is none by {@code deadline}.
     */
    private byte[] fetch(String name, long deadline) throws InterruptedException {
        long pause = 50;
        while (true) {
            try {
                if (ari.isLive(name)) {
                    ari.stop(name);
                } else {
                    Optional<byte[]> file = ari.storedFile(name);
                    if (file.isPresent()) return file.get();
                }
            } catch (RestException | RuntimeException e) {
                LOG.debugf("fetching %s: %s", name, e.getMessage());
            }
            if (System.nanoTime() - deadline > 0) return null;
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 1000);
        }
    }

    /** A missing side (Asterisk lost one file) becomes silence as long as the other. */
    private static byte[] orSilence(byte[] wav, byte[] other) throws IOException {
        if (wav != null) return wav;
        return SilentWav.like(other);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            MessageDigest d = ((DigestInputStream) in).getMessageDigest();
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(d.digest());
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
