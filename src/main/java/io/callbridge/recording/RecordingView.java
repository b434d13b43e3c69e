package io.callbridge.recording;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A recording as the API and the {@code recording.completed} webhook show it.
 *
 * @param durationMs length of the WAV in milliseconds (completed only)
 * @param sizeBytes  the WAV file's size (completed only)
 * @param sha256     the WAV file's SHA-256, lowercase hex (completed only)
 * @param pauses     paused stretches (silence in both channels), in milliseconds from the start
 */
@Schema(name = "Recording", description = "A call recording: a stereo WAV, the caller on the left, the other party "
        + "(the agent, or the human after a transfer or a TwiML <Dial record>: source dial) on the right; or a caller's message recorded by TwiML <Record> "
        + "(source twiml): a mono WAV of what the caller said")
public record RecordingView(
        @Schema(required = true, example = "RE0123456789abcdef0123456789abcdef") String recordingSid,
        @Schema(required = true) String callSid,
        @Schema(required = true, enumeration = {"in-progress", "paused", "processing", "completed", "absent"}) String status,
        @Schema(required = true, enumeration = {"api", "route", "twiml", "dial"}) String source,
        @Schema(required = true, format = "date-time") String startedAt,
        @Schema(required = true, nullable = true, format = "date-time") String endedAt,
        @Schema(required = true, nullable = true) Long durationMs,
        @Schema(required = true, nullable = true, description = "2 once completed (1 for a <Record> message)") Integer channels,
        @Schema(required = true, nullable = true) Integer sampleRate,
        @Schema(required = true, nullable = true) Long sizeBytes,
        @Schema(required = true, nullable = true, pattern = "^[0-9a-f]{64}$") String sha256,
        @Schema(required = true) List<Pause> pauses,
        @Schema(required = true, nullable = true) String error) {

    static RecordingView of(RecordingRow r) {
        List<Pause> pauses = r.pausedAt() == null ? r.pauses()
                : Recorder.closedPauses(r, r.pausedAt()).stream()
                        .map(p -> p.startMs() == p.endMs() ? new Pause(p.startMs(), null) : p).toList();
        return new RecordingView(r.sid(), r.callSid(), r.status(), r.source(), r.startedAt().toString(),
                r.endedAt() == null ? null : r.endedAt().toString(), r.durationMs(), r.channels(), r.sampleRate(),
                r.sizeBytes(), r.sha256(), pauses, r.error());
    }

    /** The webhook's data. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordingSid", recordingSid);
        m.put("callSid", callSid);
        m.put("status", status);
        m.put("source", source);
        m.put("startedAt", startedAt);
        m.put("endedAt", endedAt);
        m.put("durationMs", durationMs);
        m.put("channels", channels);
        m.put("sampleRate", sampleRate);
        m.put("sizeBytes", sizeBytes);
        m.put("sha256", sha256);
        m.put("pauses", pauses.stream().map(p -> {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("startMs", p.startMs());
            pm.put("endMs", p.endMs());
            return pm;
        }).toList());
        if (error != null) m.put("error", error);
        return m;
    }
}
