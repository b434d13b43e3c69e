package io.callbridge.recording;

import ch.loway.oss.ari4java.tools.RestException;
import io.callbridge.ari.AriRecordings;
import io.callbridge.ari.Ownership;
import io.callbridge.call.CallSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Records a caller's message, as TwiML's {@code <Record>} does: one ARI live recording of the caller's channel
 * (what the caller says, mono, 8 kHz), ended by Asterisk after a length or a silence, or by {@link #stop}. The
 * recording is a row of {@code recordings} with source {@code twiml}, so the recordings API lists and serves it,
 * retention deletes it, and {@code recording.completed} and the recordingStatusCallback report it. Its end is
 * learnt by asking Asterisk whether it is still live every {@link #POLL} (the app does not read ARI's recording
 * events).
 */
@ApplicationScoped
public class MessageRecorder {

    private static final Logger LOG = Logger.getLogger(MessageRecorder.class);

    static final String SOURCE = "twiml";
    static final Duration POLL = Duration.ofMillis(200);

    /**
     * What to record.
     *
     * @param maxSeconds        the longest message, in seconds
     * @param silenceSeconds    the silence that ends it, in seconds; 0 for none
     * @param beep              play a beep first
     * @param trim              cut leading and trailing silence from the file
     * @param statusCallback    Twilio's recordingStatusCallback URL (POSTed form), or null
     */
    public record Request(int maxSeconds, int silenceSeconds, boolean beep, boolean trim, String statusCallback) {
    }

    /** A finished message: its RecordingSid, RecordingUrl and length in milliseconds (0 when absent). */
    public record Message(String sid, String url, long durationMs) {
    }

    private final AriRecordings ari;
    private final RecordingStore store;
    private final RecordingConfig config;
    private final RecordingWebhooks webhooks;
    private final Ownership ownership;
    /** The messages this process is waiting for: recovery after an ARI reconnect leaves them alone. */
    private final java.util.Set<String> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    MessageRecorder(AriRecordings ari, RecordingStore store, RecordingConfig config, RecordingWebhooks webhooks,
                    Ownership ownership) {
        this.ari = ari;
        this.store = store;
        this.config = config;
        this.webhooks = webhooks;
        this.ownership = ownership;
    }

    /** Starts recording {@code call}'s caller; returns the RecordingSid. Blocking (a database row, an ARI request). */
    public String start(CallSession call, Request request) throws RestException, SQLException {
        String sid = Recorder.newSid();
        running.add(sid);
        store.insert(sid, call.callSid(), call.channelId(), ownership.instanceId(), SOURCE,
                OffsetDateTime.now(ZoneOffset.UTC), request.statusCallback());
        try {
            ari.recordMessage(call.channelId(), name(sid), request.maxSeconds(), request.silenceSeconds(), request.beep());
        } catch (RestException | RuntimeException e) {
            running.remove(sid);
            store.stopped(sid, OffsetDateTime.now(ZoneOffset.UTC), List.of());
            absent(sid, "Asterisk refused to record: " + e.getMessage());
            throw e;
        }
        return sid;
    }

    /** Whether this process is waiting for message {@code sid}. */
    boolean isRunning(String sid) {
        return running.contains(sid);
    }

    /**
     * Keeps a message this process was not waiting for (it started before a restart): as {@link #awaitEnd},
     * trimmed. Blocking.
     */
    void finishFound(String sid) throws Exception {
        if (!running.add(sid)) return;
        try {
            keep(sid, new Request(MAX_UNKNOWN_SECONDS, 0, false, true, null));
        } finally {
            running.remove(sid);
        }
    }

    /** How long a message found after a restart may still run: the longest {@code <Record>} allows. */
    static final int MAX_UNKNOWN_SECONDS = 14400;

    /** Ends the message now (a finishing key, the flow taken away); one that has ended already is no error. */
    public void stop(String sid) {
        try {
            ari.stop(name(sid));
        } catch (RestException | RuntimeException e) {
            LOG.debugf("stopping message %s: %s", sid, e.getMessage());
        }
    }

    /**
     * Waits until the message has ended, then keeps it: fetches Asterisk's file, trims it when asked, writes it to
     * the recordings directory and completes the row (with its webhooks). Blocking: call it on a thread of its own.
     */
    public Message awaitEnd(String sid, Request request) throws Exception {
        try {
            return keep(sid, request);
        } finally {
            running.remove(sid);
        }
    }

    private Message keep(String sid, Request request) throws Exception {
        String name = name(sid);
        long deadline = System.nanoTime() + Duration.ofSeconds(request.maxSeconds() + 30L).toNanos();
        while (isLive(name) && System.nanoTime() - deadline < 0) Thread.sleep(POLL.toMillis());
        store.stopped(sid, OffsetDateTime.now(ZoneOffset.UTC), List.of());
        Optional<byte[]> file = Optional.empty();
        long fetchDeadline = System.nanoTime() + config.fetchTimeout().toNanos();
        while (file.isEmpty() && System.nanoTime() - fetchDeadline < 0) {
            try {
                file = ari.storedFile(name);
            } catch (RestException e) {
                LOG.debugf("fetching %s: %s", name, e.getMessage());
            }
            if (file.isEmpty()) Thread.sleep(POLL.toMillis());
        }
        if (file.isEmpty()) {
            absent(sid, "Asterisk has no stored recording " + name);
            return new Message(sid, webhooks.audioUrl(sid), 0);
        }
        MessageWav.Written written = MessageWav.write(file.get(), request.trim(), target(sid));
        Path target = target(sid);
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            store.completed(c, sid, written.durationMs(), 1, written.sampleRate(), Files.size(target),
                    RecordingFinisher.sha256(target), target.getFileName().toString());
            webhooks.completed(c, store.find(c, sid));
            c.commit();
        }
        try {
            ari.deleteStored(name);
        } catch (RestException | RuntimeException e) {
            LOG.debugf("deleting stored %s from Asterisk: %s", name, e.getMessage());
        }
        LOG.infof("message %s completed: %d ms", sid, written.durationMs());
        return new Message(sid, webhooks.audioUrl(sid), written.durationMs());
    }

    private boolean isLive(String name) throws InterruptedException {
        try {
            return ari.isLive(name);
        } catch (RestException | RuntimeException e) {
            LOG.debugf("asking whether %s is live: %s", name, e.getMessage());
            Thread.sleep(POLL.toMillis());
            return true;
        }
    }

    private Path target(String sid) throws java.io.IOException {
        Files.createDirectories(config.directory());
        return config.directory().resolve(sid + ".wav");
    }

    private void absent(String sid, String why) throws SQLException {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            store.absent(c, sid, why);
            webhooks.completed(c, store.find(c, sid));
            c.commit();
        }
        LOG.warnf("message %s: %s", sid, why);
    }

    /** Asterisk's name of the message's recording. */
    static String name(String sid) {
        return sid + "-msg";
    }
}
