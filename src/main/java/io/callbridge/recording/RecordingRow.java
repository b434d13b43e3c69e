package io.callbridge.recording;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One row of the {@code recordings} table (V14).
 *
 * @param sid            {@code RE} and 32 lowercase hex characters
 * @param channelId      the caller's channel, which the recording's snoop channels spy on
 * @param status         {@link Status#code}
 * @param source         {@code api} or {@code route}
 * @param pausedAt       when the current pause began; null when not paused
 * @param durationMs     the WAV's length; null until completed
 * @param sizeBytes      the WAV file's size; null until completed
 * @param sha256         the WAV file's SHA-256 in lowercase hex; null until completed
 * @param statusCallback a Twilio-style recordingStatusCallback URL, or null
 */
public record RecordingRow(long id, String sid, String callSid, String channelId, String instanceId, String status, String source,
                           OffsetDateTime startedAt, OffsetDateTime endedAt, OffsetDateTime pausedAt,
                           List<Pause> pauses, Long durationMs, Integer channels, Integer sampleRate, Long sizeBytes,
                           String sha256, String fileName, String statusCallback, String error) {

    /** A recording's status, as Twilio names them where Twilio has a name. */
    public enum Status {
        IN_PROGRESS("in-progress"), PAUSED("paused"), PROCESSING("processing"), COMPLETED("completed"),
        /** Nothing could be fetched from Asterisk: there is no audio. */
        ABSENT("absent");

        public final String code;

        Status(String code) {
            this.code = code;
        }
    }

    public boolean isOpen() {
        return endedAt == null;
    }

    public boolean isPaused() {
        return Status.PAUSED.code.equals(status);
    }

    public boolean isCompleted() {
        return Status.COMPLETED.code.equals(status);
    }

    /** Asterisk's name of the stored recording of the caller's voice. */
    String callerName() {
        return sid + "-in";
    }

    /** Asterisk's name of the stored recording of what the caller heard. */
    String otherName() {
        return sid + "-out";
    }

    String callerSnoop() {
        return io.callbridge.ari.AriRecordings.SNOOP_PREFIX + sid + "-in";
    }

    String otherSnoop() {
        return io.callbridge.ari.AriRecordings.SNOOP_PREFIX + sid + "-out";
    }
}
